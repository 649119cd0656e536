using Ingestion.Core.Model;

namespace Ingestion.Core.Ports;

/// <summary>
/// What one fetch needs besides the dataset: the year scope, where raw pages go, where to count, and what is known of
/// the dataset's current snapshot of the same scope. A fetch may end <c>unchanged</c> (<see cref="MarkUnchanged"/>,
/// yielding nothing) on either of two proofs that it would give that snapshot's rows again:
/// <list type="bullet">
/// <item>the release: a publisher that can tell its release cheaply (Eurostat's "last update of data") reports it with
/// <see cref="ReportRelease"/> (it is stored with the snapshot); when it equals <see cref="KnownRelease"/>, the run
/// ends without downloading the data;</item>
/// <item>the pages: every page the fetch received is, byte for byte and at the same request URI, a page the snapshot's
/// run archived (<see cref="MatchesKnownPage"/>), and there are as many. Identical bytes through the same parser give
/// identical rows, so the diff is empty by construction and nothing needs parsing. (Re-normalizing the same bytes with
/// a new build is what <c>ingestion reprocess</c> is for; a reprocess gets no known release and no known pages.)</item>
/// </list>
/// </summary>
public sealed class FetchContext(YearScope scope, IRawPageArchive archive, FetchStatistics statistics, string? knownRelease = null, KnownPages? knownPages = null)
{
    private readonly HashSet<int> _matchedPages = [];

    public YearScope Scope => scope;

    public IRawPageArchive Archive => archive;

    public FetchStatistics Statistics => statistics;

    /// <summary>Null when there is no such snapshot, when it recorded no release, or on reprocess (which must re-read).</summary>
    public string? KnownRelease => knownRelease;

    /// <summary>The pages the snapshot's run archived; empty when there is no such snapshot, it has none, or on reprocess.</summary>
    public KnownPages KnownPages { get; } = knownPages ?? KnownPages.None;

    /// <summary>The release this fetch saw, if the source can tell.</summary>
    public string? Release { get; private set; }

    public bool SourceUnchanged { get; private set; }

    public void ReportRelease(string release)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(release);
        Release = release;
    }

    /// <summary>Whether the fetch received the known page of this number (same request URI, same SHA-256); remembered for <see cref="MarkUnchanged"/>.</summary>
    public bool MatchesKnownPage(RawPage page)
    {
        if (!KnownPages.Contains(page))
        {
            return false;
        }

        _matchedPages.Add(page.PageNumber);
        return true;
    }

    /// <summary>
    /// Declares that the fetch would give the known snapshot's rows again. Only valid after reporting the known release,
    /// or after every known page matched (<see cref="MatchesKnownPage"/>) in a fetch that expects exactly as many pages
    /// (<see cref="FetchStatistics.ExpectedPages"/>).
    /// </summary>
    public void MarkUnchanged()
    {
        var sameRelease = KnownRelease is not null && Release == KnownRelease;
        var samePages = KnownPages.Count > 0 && _matchedPages.Count == KnownPages.Count && Statistics.ExpectedPages == KnownPages.Count;
        if (!sameRelease && !samePages)
        {
            throw new InvalidOperationException(
                $"A source may mark a fetch unchanged only when it reported the known release (known {KnownRelease ?? "none"}, reported {Release ?? "none"}) " +
                $"or received every known page and no other ({_matchedPages.Count} of {KnownPages.Count} known pages received, {Statistics.ExpectedPages} expected).");
        }

        SourceUnchanged = true;
    }
}
