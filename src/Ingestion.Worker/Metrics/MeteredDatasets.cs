namespace Ingestion.Worker.Metrics;

/// <summary>
/// The datasets whose series <c>/metrics</c> holds from the first scrape: the one place the metrics learn the
/// dataset names from (registered by the composition root from the catalogue and the datasets' options).
/// </summary>
public sealed class MeteredDatasets(IEnumerable<MeteredDataset> datasets)
{
    public IReadOnlyList<MeteredDataset> All { get; } = [.. datasets.DistinctBy(d => d.Name, StringComparer.Ordinal)];
}
