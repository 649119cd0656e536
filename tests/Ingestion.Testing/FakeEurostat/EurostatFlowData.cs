namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// A release of a flow held in memory: the real exports (<see cref="EurostatRealData"/>) or observations a test
/// writes by hand. Observations are kept in Eurostat's order (series key, then period, ordinal). Immutable; a
/// test publishes the next release with <see cref="With(Func{EurostatObservation, EurostatObservation}, DateTimeOffset)"/>
/// (revised values, changed flags) or an identical one with <see cref="With(DateTimeOffset)"/>.
/// </summary>
public sealed class EurostatFlowData : IEurostatFlow
{
    private readonly EurostatObservation[] _observations;
    private readonly EurostatLabels _labels;
    private readonly Lazy<string[][]> _codes;

    public EurostatFlowData(
        EurostatFlowDefinition definition, DateTimeOffset lastUpdate, IEnumerable<EurostatObservation> observations, EurostatLabels? labels = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(observations);
        Definition = definition;
        LastUpdate = lastUpdate;
        _labels = labels ?? EurostatLabels.Common;
        _observations = [.. observations];
        foreach (var observation in _observations)
        {
            if (observation.Key.Length != definition.Dimensions.Count)
            {
                throw new ArgumentException(
                    $"An observation of {definition.Id} has the key [{string.Join('.', observation.Key)}]; the flow has {definition.Dimensions.Count} dimensions.",
                    nameof(observations));
            }
        }

        Array.Sort(_observations, CompareSeriesThenPeriod);
        FirstPeriod = _observations.Length == 0 ? null : _observations.Select(o => o.TimePeriod).Min(StringComparer.Ordinal);
        LastPeriod = _observations.Length == 0 ? null : _observations.Select(o => o.TimePeriod).Max(StringComparer.Ordinal);
        _codes = new Lazy<string[][]>(() => [.. Enumerable.Range(0, definition.Dimensions.Count)
            .Select(i => _observations.Select(o => o.Key[i]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray())]);
    }

    public EurostatFlowDefinition Definition { get; }

    public string FlowId => Definition.Id;

    public IReadOnlyList<string> Dimensions => Definition.Dimensions;

    public DateTimeOffset LastUpdate { get; }

    public IReadOnlyList<EurostatObservation> Observations => _observations;

    public long TotalCount => _observations.Length;

    public string? FirstPeriod { get; }

    public string? LastPeriod { get; }

    public EurostatLabels Labels => _labels;

    /// <summary>The next release: every observation passed through <paramref name="change"/> (return it unchanged to keep it).</summary>
    public EurostatFlowData With(Func<EurostatObservation, EurostatObservation> change, DateTimeOffset lastUpdate)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new EurostatFlowData(Definition, lastUpdate, _observations.Select(change), _labels);
    }

    /// <summary>The same observations under a new LAST UPDATE: a release that changes nothing.</summary>
    public EurostatFlowData With(DateTimeOffset lastUpdate) => new(Definition, lastUpdate, _observations, _labels);

    /// <summary>The observation with this key (dimension order) and period, or null.</summary>
    public EurostatObservation? Find(string timePeriod, params string[] key) =>
        _observations.FirstOrDefault(o => o.TimePeriod == timePeriod && o.Key.AsSpan().SequenceEqual(key));

    public IReadOnlyList<string> Codes(int position) => _codes.Value[position];

    public string Label(int position, string code) => _labels.Name(Definition.Dimensions[position], code);

    public long Count(EurostatQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _observations.LongCount(query.Matches);
    }

    public IEnumerable<EurostatObservation> Matching(EurostatQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _observations.Where(query.Matches);
    }

    private static int CompareSeriesThenPeriod(EurostatObservation x, EurostatObservation y)
    {
        for (var i = 0; i < x.Key.Length; i++)
        {
            var byCode = string.CompareOrdinal(x.Key[i], y.Key[i]);
            if (byCode != 0)
            {
                return byCode;
            }
        }

        return string.CompareOrdinal(x.TimePeriod, y.TimePeriod);
    }
}
