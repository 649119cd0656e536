namespace Ingestion.Core.Ports;

/// <summary>
/// Where a source hands every raw page it fetched (content-addressed by the store). The page's bytes are lent
/// for the duration of the call only (sources read bodies into pooled buffers): an archive copies what it keeps.
/// </summary>
public interface IRawPageArchive
{
    Task ArchiveAsync(RawPage page, CancellationToken cancellationToken);

    /// <summary>
    /// The page this run already archived under <paramref name="pageNumber"/> for <paramref name="requestUri"/>, or
    /// null. A run resumed after a lost database connection reads its pages from here instead of fetching them again.
    /// </summary>
    ValueTask<RawPage?> FindAsync(int pageNumber, string requestUri, CancellationToken cancellationToken) => ValueTask.FromResult<RawPage?>(null);
}
