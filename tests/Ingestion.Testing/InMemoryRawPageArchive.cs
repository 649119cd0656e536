using System.Collections.Concurrent;
using Ingestion.Core.Ports;

namespace Ingestion.Testing;

/// <summary>An <see cref="IRawPageArchive"/> that keeps pages in memory (optionally only their hashes), for tests.</summary>
public sealed class InMemoryRawPageArchive(bool keepContent = true) : IRawPageArchive
{
    private readonly ConcurrentQueue<RawPage> _pages = new();
    private readonly ConcurrentQueue<int> _readBack = new();

    /// <summary>Archived pages in arrival order; with keepContent false their content is empty.</summary>
    public IReadOnlyCollection<RawPage> Pages => _pages;

    /// <summary>The page numbers <see cref="FindAsync"/> found, in the order they were asked for.</summary>
    public IReadOnlyCollection<int> ReadBack => _readBack;

    public Task ArchiveAsync(RawPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        // The bytes are only lent for the call (sources reuse pooled buffers): keep a copy.
        _pages.Enqueue(page with { Content = keepContent ? page.Content.ToArray() : ReadOnlyMemory<byte>.Empty });
        return Task.CompletedTask;
    }

    /// <summary>The page archived under this number and URI (only when the content is kept), as the store's archive finds it.</summary>
    public ValueTask<RawPage?> FindAsync(int pageNumber, string requestUri, CancellationToken cancellationToken)
    {
        var page = keepContent ? _pages.LastOrDefault(p => p.PageNumber == pageNumber && p.RequestUri == requestUri) : null;
        if (page is not null)
        {
            _readBack.Enqueue(pageNumber);
        }

        return ValueTask.FromResult(page);
    }

    /// <summary>These pages as the known pages of a later fetch (as if the run that archived them published, having read <paramref name="rows"/>).</summary>
    public KnownPages AsKnownPages(long rows) => new(_pages.Select(p => (p.PageNumber, p.RequestUri, p.Sha256)), rows);

    /// <summary>The archived pages as a stream, for <see cref="IDatasetSource.ParseArchivedAsync"/>.</summary>
    public async IAsyncEnumerable<RawPage> ReplayAsync()
    {
        foreach (var page in _pages.OrderBy(p => p.PageNumber))
        {
            await Task.Yield();
            yield return page;
        }
    }
}
