namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// The filter of a data request: the key (dot-separated, one position per dimension in order, TIME excluded; an
/// empty position or <c>all</c> is a wildcard, <c>+</c> is OR; codes compared case-insensitively) and the
/// inclusive <c>startPeriod</c>/<c>endPeriod</c>, either of which may be absent (EUROSTAT-API.md §2).
/// </summary>
public sealed class EurostatQuery
{
    private readonly HashSet<string>?[] _positions;
    private readonly EurostatPeriod? _start;
    private readonly EurostatPeriod? _end;

    private EurostatQuery(HashSet<string>?[] positions, string? key, string? startPeriod, string? endPeriod)
    {
        _positions = positions;
        Key = key;
        StartPeriod = startPeriod;
        EndPeriod = endPeriod;
        _start = startPeriod is null ? null : EurostatPeriod.Parse(startPeriod);
        _end = endPeriod is null ? null : EurostatPeriod.Parse(endPeriod);
    }

    public string? Key { get; }

    public string? StartPeriod { get; }

    public string? EndPeriod { get; }

    /// <summary>Everything, no period bounds.</summary>
    public static EurostatQuery All(int dimensionCount) => new(new HashSet<string>?[dimensionCount], null, null, null);

    /// <summary>Parses a request's key and bounds; a <see cref="FormatException"/> says what is wrong (a 400 on the wire).</summary>
    public static EurostatQuery Parse(string? key, int dimensionCount, string? startPeriod = null, string? endPeriod = null)
    {
        var positions = new HashSet<string>?[dimensionCount];
        if (!string.IsNullOrEmpty(key) && !string.Equals(key, "all", StringComparison.OrdinalIgnoreCase))
        {
            var parts = key.Split('.');
            if (parts.Length != dimensionCount)
            {
                throw new FormatException($"The key '{key}' has {parts.Length} positions; the dataflow has {dimensionCount} dimensions.");
            }

            for (var i = 0; i < parts.Length; i++)
            {
                positions[i] = parts[i].Length == 0
                    ? null
                    : new HashSet<string>(parts[i].Split('+'), StringComparer.OrdinalIgnoreCase);
            }
        }

        return new EurostatQuery(positions, key, NullIfEmpty(startPeriod), NullIfEmpty(endPeriod));
    }

    /// <summary>The codes asked for at a position, or null for a wildcard.</summary>
    public IReadOnlySet<string>? Selected(int position) => _positions[position];

    public bool Matches(EurostatObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return MatchesKey(observation.Key) && MatchesPeriod(observation.TimePeriod);
    }

    public bool MatchesKey(IReadOnlyList<string> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _positions.Length; i++)
        {
            if (_positions[i] is { } codes && !codes.Contains(key[i]))
            {
                return false;
            }
        }

        return true;
    }

    public bool MatchesPeriod(string period)
    {
        if (_start is null && _end is null)
        {
            return true;
        }

        var span = EurostatPeriod.Parse(period);
        return (_start is not { } start || span.FirstMonth >= start.FirstMonth)
            && (_end is not { } end || span.LastMonth <= end.LastMonth);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
