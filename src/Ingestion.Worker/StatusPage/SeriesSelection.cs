using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Worker.StatusPage;

/// <summary>
/// Which series the dataset page charts, from its GET form: <c>measure</c> and one field per key dimension (empty = summed
/// over). Without a query string, the series the publisher declared (<see cref="DatasetDescriptor.DefaultSeries"/>), else
/// the first measure over everything.
/// </summary>
public sealed record SeriesSelection(string Measure, IReadOnlyDictionary<string, string> Filter, string? Problem)
{
    private const string MeasureField = "measure";
    public SeriesQuery Query(DatasetDescriptor dataset) => new(dataset.Name, Measure, Filter);

    public static SeriesSelection From(DatasetDescriptor dataset, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(query);
        if (!query.ContainsKey(MeasureField))
        {
            return Default(dataset);
        }

        var measure = query[MeasureField].ToString();
        var filter = dataset.Key
            .Select(k => (k.Name, Value: query[k.Name].ToString().Trim()))
            .Where(k => k.Value.Length > 0)
            .ToDictionary(k => k.Name, k => k.Value, StringComparer.Ordinal);
        return dataset.Measures.Contains(measure)
            ? new SeriesSelection(measure, filter, null)
            : Default(dataset) with { Problem = $"{dataset.Name} has no measure '{measure}'; showing the default series." };
    }

    private static SeriesSelection Default(DatasetDescriptor dataset) => dataset.DefaultSeries is { } series
        ? new SeriesSelection(series.Measure, series.Filter.ToDictionary(StringComparer.Ordinal), null)
        : new SeriesSelection(dataset.Measures.Count > 0 ? dataset.Measures[0] : "", new Dictionary<string, string>(StringComparer.Ordinal), null);
}
