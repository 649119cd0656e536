using System.Collections.Concurrent;
using Ingestion.Core.Ports;

namespace Ingestion.Testing;

/// <summary>An <see cref="IRawPageArchive"/> that keeps pages in memory (optionally only their hashes), for tests.</summary>
public sealed class InMemoryRawPageArchive(bool keepContent = true) : IRawPageArchive
{
    private readonly ConcurrentQueue<RawPage> _pages = new();

    /// <summary>Archived pages in arrival order; with keepContent false their content is empty.</summary>
    public IReadOnlyCollection<RawPage> Pages => _pages;

    public Task ArchiveAsync(RawPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        // The bytes are only lent for the call (sources reuse pooled buffers): keep a copy.
        _pages.Enqueue(page with { Content = keepContent ? page.Content.ToArray() : ReadOnlyMemory<byte>.Empty });
        return Task.CompletedTask;
    }

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
