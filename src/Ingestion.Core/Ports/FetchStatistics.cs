namespace Ingestion.Core.Ports;

/// <summary>Counters a source updates while it fetches; safe to update from concurrent page fetches.</summary>
public sealed class FetchStatistics
{
    private long _pages;
    private long _rows;
    private long _retries;

    public long Pages => Interlocked.Read(ref _pages);

    public long Rows => Interlocked.Read(ref _rows);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Pages the source announced it will fetch (0 until known).</summary>
    public long ExpectedPages { get; set; }

    public void AddPage(long rows)
    {
        Interlocked.Increment(ref _pages);
        Interlocked.Add(ref _rows, rows);
    }

    /// <summary>
    /// Rows of pages counted earlier without them: a source that received pages it did not parse (they equal the
    /// current snapshot's, see <see cref="FetchContext.MarkUnchanged"/>) counts their rows once it knows them.
    /// </summary>
    public void AddRows(long rows) => Interlocked.Add(ref _rows, rows);

    public void AddRetry() => Interlocked.Increment(ref _retries);

    /// <summary>
    /// A resumed run reads its pages again (from the archive): count them once, not once per attempt. Retries stay:
    /// they happened.
    /// </summary>
    public void RestartPages()
    {
        Interlocked.Exchange(ref _pages, 0);
        Interlocked.Exchange(ref _rows, 0);
    }
}
