using Ingestion.Core.Model;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// The Eurostat asylum datasets (DESIGN §2): keyed by the period, then <c>citizen</c> (origin) and <c>geo</c> (asylum)
/// in Eurostat's own codes with ISO3 beside each, then sex, age and the applicant type or decision. Flags are kept as
/// attributes. Names, views and columns are part of the read contract: append, never rename.
/// </summary>
public static class EurostatDatasets
{
    public static readonly DatasetDescriptor AsylumApplicants = Asylum("asylum_applicants", PeriodKind.Year, "applicant", "applicants", "FRST");

    public static readonly DatasetDescriptor AsylumDecisions = Asylum("asylum_decisions", PeriodKind.Year, "decision", "decisions", "TOTAL");

    public static readonly DatasetDescriptor AsylumApplicantsMonthly = Asylum("asylum_applicants_monthly", PeriodKind.YearMonth, "applicant", "applicants", "FRST");

    public static IReadOnlyList<DatasetDescriptor> All { get; } = [AsylumApplicants, AsylumDecisions, AsylumApplicantsMonthly];

    /// <param name="kindTotal">The <paramref name="kind"/> code charted by default (first-time applicants; all decisions).</param>
    private static DatasetDescriptor Asylum(string name, PeriodKind period, string kind, string measure, string kindTotal) => new(
        $"eurostat.{name}", $"eurostat_{name}", period,
        [
            new KeyDimension("citizen", CountryRole.Origin, "citizen_iso"),
            new KeyDimension("geo", CountryRole.Asylum, "geo_iso"),
            new KeyDimension("sex"),
            new KeyDimension("age"),
            new KeyDimension(kind),
        ],
        [measure],
        [new("citizen_iso", "citizen"), new("geo_iso", "geo"), new("obs_flag"), new("conf_status")])
    {
        // China → Germany, every sex and age (their total codes: summing the dimension would count people twice).
        DefaultSeries = new SeriesDefault(measure, [new("citizen", "CN"), new("geo", "DE"), new("sex", "T"), new("age", "TOTAL"), new(kind, kindTotal)]),
    };
}
