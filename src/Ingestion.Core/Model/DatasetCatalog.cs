namespace Ingestion.Core.Model;

/// <summary>
/// Every dataset the running program knows, built from what each publisher registers (there is no static list).
/// The database's <c>ingestion.datasets</c> table and the typed views are generated from it at migrate time.
/// </summary>
public sealed class DatasetCatalog
{
    private readonly Dictionary<string, DatasetDescriptor> _byName = new(StringComparer.Ordinal);

    public DatasetCatalog(IEnumerable<DatasetDescriptor> datasets, IEnumerable<CrossDatasetView>? views = null)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        All = [.. datasets];
        var problems = new List<string>();
        foreach (var dataset in All)
        {
            if (!_byName.TryAdd(dataset.Name, dataset))
            {
                problems.Add($"dataset {dataset.Name} is registered twice");
            }

            problems.AddRange(DatasetShapeRules.Check(dataset));
        }

        // A cross-dataset view whose datasets are not all registered is left out, not an error: it needs both publishers.
        Views = [.. (views ?? []).Where(v => v.Datasets.All(_byName.ContainsKey))];
        problems.AddRange(All.Select(d => (View: d.ViewName, By: d.Name)).Concat(Views.Select(v => (View: v.ViewName, By: "a cross-dataset view")))
            .GroupBy(v => v.View, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"view {g.Key} is claimed by {string.Join(" and ", g.Select(v => v.By))}"));
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The dataset catalogue is inconsistent: {string.Join("; ", problems)}.", nameof(datasets));
        }
    }

    public IReadOnlyList<DatasetDescriptor> All { get; }

    public IReadOnlyList<CrossDatasetView> Views { get; }

    public IEnumerable<string> Names => All.Select(d => d.Name);

    public DatasetDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    public DatasetDescriptor Get(string name) => Find(name) ?? throw new UnknownDatasetException(name, Names);
}
