namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// The shape of a dataflow as the fake serves it: its id (lower case, as Eurostat's own examples write it), its title
/// in the table of contents, its dimension ids in the structure's order (lower case, as in the SDMX-CSV header; TIME
/// excluded) and when its structure last changed. The three asylum flows the Eurostat source reads are predefined.
/// </summary>
public sealed record EurostatFlowDefinition(string Id, string Title, IReadOnlyList<string> Dimensions, DateTimeOffset StructureChanged)
{
    private static readonly DateTimeOffset Structure2021 = new(2021, 4, 27, 23, 0, 0, TimeSpan.FromHours(2));

    /// <summary><c>migr_asyappctza</c>: annual asylum applicants (TIME_PERIOD <c>2015</c>).</summary>
    public static EurostatFlowDefinition Applicants { get; } = new(
        "migr_asyappctza",
        "Asylum applicants by type, citizenship, age and sex - annual aggregated data",
        ["freq", "unit", "citizen", "sex", "applicant", "age", "geo"],
        Structure2021);

    /// <summary><c>migr_asydcfsta</c>: annual first instance decisions (no applicant dimension; a decision one).</summary>
    public static EurostatFlowDefinition Decisions { get; } = new(
        "migr_asydcfsta",
        "First instance decisions on applications by citizenship, age and sex - annual aggregated data",
        ["freq", "unit", "citizen", "sex", "age", "decision", "geo"],
        Structure2021);

    /// <summary><c>migr_asyappctzm</c>: monthly asylum applicants, the annual flow's dimensions with freq <c>M</c> (TIME_PERIOD <c>2015-03</c>).</summary>
    public static EurostatFlowDefinition ApplicantsMonthly { get; } = new(
        "migr_asyappctzm",
        "Asylum applicants by type, citizenship, age and sex - monthly data",
        ["freq", "unit", "citizen", "sex", "applicant", "age", "geo"],
        Structure2021);

    /// <summary>The DATAFLOW cell of every SDMX-CSV row, e.g. <c>ESTAT:MIGR_ASYAPPCTZA(1.0)</c>.</summary>
    public string DataflowReference => $"ESTAT:{Id.ToUpperInvariant()}(1.0)";

    /// <summary>The position of a dimension (case-insensitive), or -1.</summary>
    public int PositionOf(string dimension)
    {
        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (string.Equals(Dimensions[i], dimension, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
