using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// The UNHCR datasets (DESIGN §2): keyed by year, origin and asylum ISO3 (UNHCR's own code and name beside each),
/// then the endpoint's detail fields. Names, views and columns are part of the read contract: append, never rename.
/// </summary>
public static class UnhcrDatasets
{
    private static readonly AttributeField[] PairAttributes =
        [new("origin_unhcr", "origin_iso"), new("origin_name", "origin_iso"), new("asylum_unhcr", "asylum_iso"), new("asylum_name", "asylum_iso")];

    public static readonly DatasetDescriptor Population = Pair(
        "population", [], ["refugees", "asylum_seekers", "returned_refugees", "idps", "returned_idps", "stateless", "ooc", "oip", "hst"]) with
    {
        // The series UNHCR revised most visibly between the 2025 releases (2025: 178,725 mid-year, 99,716 at year end).
        DefaultSeries = new SeriesDefault("asylum_seekers", [new("origin_iso", "CHN")]),
    };

    public static readonly DatasetDescriptor AsylumApplications = Pair(
        "asylum_applications", ["procedure_type", "app_type", "dec_level", "app_pc"], ["applied"]);

    public static readonly DatasetDescriptor AsylumDecisions = Pair(
        "asylum_decisions", ["procedure_type", "dec_level", "dec_pc"], ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"]);

    public static readonly DatasetDescriptor Demographics = Pair(
        "demographics", ["pop_type", "location", "loc_type", "acc_type"],
        [
            "f_0_4", "f_5_11", "f_12_17", "f_18_59", "f_60", "f_other", "f_total",
            "m_0_4", "m_5_11", "m_12_17", "m_18_59", "m_60", "m_other", "m_total", "total",
        ]);

    public static readonly DatasetDescriptor Solutions = Pair(
        "solutions", [], ["returned_refugees", "resettlement", "naturalisation", "returned_idps"]);

    public static readonly DatasetDescriptor Idmc = Pair("idmc", [], ["total"]);

    public static readonly DatasetDescriptor Unrwa = Pair("unrwa", [], ["total"]);

    /// <summary>Reference data keyed by ISO3 (shown as <c>origin_iso</c> in <c>stats.revisions</c>, as it always was); attributes only, no measures, no period.</summary>
    public static readonly DatasetDescriptor Countries = new(
        "unhcr.countries", "countries", PeriodKind.None, [new KeyDimension("iso3", CountryRole.Origin)], [],
        [new("unhcr_code"), new("iso2"), new("name"), new("name_long"), new("major_area"), new("region")]);

    public static IReadOnlyList<DatasetDescriptor> All { get; } =
        [Population, AsylumApplications, AsylumDecisions, Demographics, Solutions, Idmc, Unrwa, Countries];

    private static DatasetDescriptor Pair(string name, string[] detailFields, string[] measures) => new(
        $"unhcr.{name}", $"unhcr_{name}", PeriodKind.Year,
        [new KeyDimension("origin_iso", CountryRole.Origin), new KeyDimension("asylum_iso", CountryRole.Asylum), .. detailFields.Select(f => new KeyDimension(f))],
        measures, PairAttributes);
}
