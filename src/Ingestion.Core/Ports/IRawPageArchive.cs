namespace Ingestion.Core.Ports;

/// <summary>Where a source hands every raw page it fetched (content-addressed by the store).</summary>
public interface IRawPageArchive
{
    Task ArchiveAsync(RawPage page, CancellationToken cancellationToken);
}
