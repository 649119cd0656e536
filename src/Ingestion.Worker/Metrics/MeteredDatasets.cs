namespace Ingestion.Worker.Metrics;

/// <summary>
/// The datasets whose series <c>/metrics</c> holds from the first scrape: the one place the metrics learn the
/// dataset names from (registered by the composition root from the catalogue).
/// </summary>
public sealed class MeteredDatasets(IEnumerable<string> names)
{
    public IReadOnlyList<string> Names { get; } = [.. names.Distinct(StringComparer.Ordinal)];
}
