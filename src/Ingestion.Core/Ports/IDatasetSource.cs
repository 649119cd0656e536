using Ingestion.Core.Model;

namespace Ingestion.Core.Ports;

/// <summary>
/// A publisher's dataset. Implementations fetch pages (archiving each raw page before yielding its rows),
/// parse them in a streaming way and yield normalized rows. Schema drift, transport failures that outlast
/// the retries, and a page total that disagrees with the announced count throw; they never truncate silently.
/// </summary>
public interface IDatasetSource
{
    DatasetDescriptor Dataset { get; }

    IAsyncEnumerable<StatRow> FetchAsync(FetchContext context, CancellationToken cancellationToken);

    /// <summary>Re-parses pages archived by an earlier run, in page order, without the network.</summary>
    IAsyncEnumerable<StatRow> ParseArchivedAsync(IAsyncEnumerable<RawPage> pages, FetchContext context, CancellationToken cancellationToken);
}
