using Ingestion.Core.Model;

namespace Ingestion.Worker.Tests.TestPublisher;

/// <summary>
/// The one dataset of the test publisher: yearly arrivals and returns by origin, asylum country and sex, with a free
/// text note. Origin and asylum hold ISO3 themselves (no ISO attribute), so <c>stats.revisions</c> shows them as
/// <c>origin_iso</c> / <c>asylum_iso</c> and <c>sex</c> in <c>detail</c>.
/// </summary>
public static class CsvStatsDatasets
{
    public static readonly DatasetDescriptor Arrivals = new(
        "csvstats.arrivals", "csvstats_arrivals", PeriodKind.Year,
        [new KeyDimension("origin", CountryRole.Origin), new KeyDimension("asylum", CountryRole.Asylum), new KeyDimension("sex")],
        ["arrivals", "returns"],
        [new AttributeField("note")]);
}
