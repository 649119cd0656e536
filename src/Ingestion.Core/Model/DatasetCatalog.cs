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
        problems.AddRange(ViewsClaimedTwice());
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The dataset catalogue is inconsistent: {string.Join("; ", problems)}.", nameof(datasets));
        }
    }

    public IReadOnlyList<DatasetDescriptor> All { get; }

    /// <summary>
    /// Views claimed by more than one dataset or cross-dataset view. Plain loops over strings: every process builds the
    /// catalogue at start, and LINQ over tuples of them is generic code ReadyToRun leaves to the JIT.
    /// </summary>
    private IEnumerable<string> ViewsClaimedTwice()
    {
        var claims = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Claim(string view, string by)
        {
            if (!claims.TryGetValue(view, out var claimedBy))
            {
                claims[view] = claimedBy = [];
            }

            claimedBy.Add(by);
        }

        foreach (var dataset in All)
        {
            Claim(dataset.ViewName, dataset.Name);
        }

        foreach (var view in Views)
        {
            Claim(view.ViewName, "a cross-dataset view");
        }

        foreach (var (view, claimedBy) in claims)
        {
            if (claimedBy.Count > 1)
            {
                yield return $"view {view} is claimed by {string.Join(" and ", claimedBy)}";
            }
        }
    }

    public IReadOnlyList<CrossDatasetView> Views { get; }

    public IEnumerable<string> Names => All.Select(d => d.Name);

    public DatasetDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    public DatasetDescriptor Get(string name) => Find(name) ?? throw new UnknownDatasetException(name, Names);
}
