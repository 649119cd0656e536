using Ingestion.Core.Model;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// A Eurostat dataflow read into one dataset. Its SDMX-CSV has two dimensions the dataset does not key on, because a
/// flow holds one value of each: <c>freq</c> (<see cref="Frequency"/>) and <c>unit</c> (persons); a row with any other
/// value is a shape the dataset cannot hold, and fails the run rather than being mixed in.
/// </summary>
internal sealed record EurostatFlow(string Code, DatasetDescriptor Dataset, string Frequency)
{
    public const string Unit = "PER";

    public static IReadOnlyList<EurostatFlow> All { get; } =
    [
        new("migr_asyappctza", EurostatDatasets.AsylumApplicants, "A"),
        new("migr_asydcfsta", EurostatDatasets.AsylumDecisions, "A"),
        new("migr_asyappctzm", EurostatDatasets.AsylumApplicantsMonthly, "M"),
    ];

    public bool IsMonthly => Dataset.Period == PeriodKind.YearMonth;

    /// <summary>The <c>startPeriod</c> / <c>endPeriod</c> of one year of this flow: <c>2015</c>, or <c>2015-01</c>..<c>2015-12</c>.</summary>
    public PeriodRange Year(int year) => IsMonthly ? new PeriodRange(year * 100 + 1, year * 100 + 12, true) : new PeriodRange(year, year, false);
}
