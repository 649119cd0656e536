namespace Ingestion.Core.Ports;

/// <summary>
/// The raw pages archived by the run that published the dataset's current snapshot of this run's scope (page number →
/// request URI and SHA-256), and the rows that run read from them. A source whose fetch receives exactly these pages
/// receives the current snapshot's bytes: parsed by the same parser they give the same rows, so the diff is empty by
/// construction, and the source may end the fetch unchanged without parsing (<see cref="FetchContext.MarkUnchanged"/>).
/// Empty when there is no such snapshot, its run archived no pages, or on reprocess.
/// </summary>
public sealed class KnownPages
{
    private readonly Dictionary<int, (string RequestUri, string Sha256)> _pages;

    /// <param name="pages">Page number, request URI and lower-case hex SHA-256 of each page.</param>
    /// <param name="rows">
    /// The rows the run read from these pages. That run published, so it passed its source's checks on them (for
    /// UNHCR: the rows received equal the count the API announced).
    /// </param>
    public KnownPages(IEnumerable<(int PageNumber, string RequestUri, string Sha256)> pages, long rows)
    {
        ArgumentNullException.ThrowIfNull(pages);
        _pages = pages.ToDictionary(p => p.PageNumber, p => (p.RequestUri, p.Sha256));
        Rows = rows;
    }

    public static KnownPages None { get; } = new([], 0);

    public int Count => _pages.Count;

    public long Rows { get; }

    /// <summary>Whether <paramref name="page"/> is the known page of its number: same request URI, same bytes.</summary>
    public bool Contains(RawPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return _pages.TryGetValue(page.PageNumber, out var known) && known.RequestUri == page.RequestUri && known.Sha256 == page.Sha256;
    }
}
