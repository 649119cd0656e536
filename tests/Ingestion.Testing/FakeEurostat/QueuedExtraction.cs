namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// A data request the fake answered with <c>queued</c>: the release it was asked of (captured, so the download is
/// what the synchronous answer would have been even if a test swaps the flow meanwhile), its filter, and how many
/// times its status has been polled, which drives SUBMITTED → PROCESSING → AVAILABLE.
/// </summary>
internal sealed class QueuedExtraction(string id, IEurostatFlow flow, EurostatQuery query, bool compressed, FakeEurostatRequest request)
{
    private int _polls;

    public string Id { get; } = id;

    public IEurostatFlow Flow { get; } = flow;

    public EurostatQuery Query { get; } = query;

    public bool Compressed { get; } = compressed;

    public FakeEurostatRequest Request { get; } = request;

    public int Polls => Volatile.Read(ref _polls);

    /// <summary>Counts a status poll and returns the status it sees: polls beyond <paramref name="pollsUntilAvailable"/> see the end state.</summary>
    public string Poll(int pollsUntilAvailable, bool expire)
    {
        var poll = Interlocked.Increment(ref _polls);
        return poll > pollsUntilAvailable ? (expire ? "EXPIRED" : "AVAILABLE")
            : poll == 1 ? "SUBMITTED"
            : "PROCESSING";
    }

    /// <summary>Downloadable once a poll has seen AVAILABLE; at once when no poll is awaited.</summary>
    public bool IsAvailable(int pollsUntilAvailable, bool expire) => !expire && (pollsUntilAvailable == 0 || Polls > pollsUntilAvailable);
}
