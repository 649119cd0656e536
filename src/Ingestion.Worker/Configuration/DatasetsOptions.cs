using Ingestion.Core.Model;

namespace Ingestion.Worker.Configuration;

/// <summary>Every dataset's settings; a dataset absent from configuration gets the defaults.</summary>
public sealed class DatasetsOptions
{
    public const string Section = "Ingestion:Datasets";

    /// <summary>As configured: keys are dataset names, with dots or (for environment variables) underscores.</summary>
    public Dictionary<string, DatasetOptions> ByName { get; } = new(StringComparer.OrdinalIgnoreCase);

    public DatasetOptions For(DatasetDescriptor dataset) =>
        ByName.FirstOrDefault(entry => Names(entry.Key, dataset)).Value ?? new DatasetOptions();

    /// <summary>The years a run of <paramref name="dataset"/> covers when none are given (<see cref="DefaultRunScope"/>).</summary>
    public YearScope DefaultScope(DatasetDescriptor dataset, TimeProvider clock) => DefaultRunScope.For(dataset, For(dataset).YearFrom, clock);

    /// <summary>The dataset a configuration key or argument names: "unhcr.population" or "unhcr_population".</summary>
    public static DatasetDescriptor? Resolve(DatasetCatalog catalog, string key) => catalog.All.FirstOrDefault(d => Names(key, d));

    private static bool Names(string key, DatasetDescriptor dataset) =>
        string.Equals(key, dataset.Name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, dataset.Name.Replace('.', '_'), StringComparison.OrdinalIgnoreCase);
}
