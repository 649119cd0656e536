using Ingestion.Core.Runs;

namespace Ingestion.Core.Ports;

/// <summary>The versioned snapshot store (PostgreSQL): runs, publish, decisions and the read side the CLI and the status page show.</summary>
public interface ISnapshotStore
{
    /// <summary>
    /// Takes the dataset's lock and records a <c>running</c> run; runs of the dataset left <c>running</c> by a dead
    /// process are marked <c>abandoned</c> first. When another process holds the lock, records a <c>skipped</c>
    /// run and returns null.
    /// </summary>
    Task<IRunSession?> TryBeginRunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>Marks every <c>running</c> run whose process is gone as <c>abandoned</c> (called at start). Returns how many.</summary>
    Task<int> MarkAbandonedRunsAsync(CancellationToken cancellationToken);

    Task<DecisionResult> ApproveAsync(long snapshotId, CancellationToken cancellationToken);

    Task<DecisionResult> RejectAsync(long snapshotId, CancellationToken cancellationToken);

    Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? dataset, int limit, CancellationToken cancellationToken);

    /// <summary>One snapshot of any dataset and status, or null when there is no such snapshot.</summary>
    Task<SnapshotRecord?> GetSnapshotAsync(long snapshotId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SnapshotRecord>> ListSnapshotsAsync(string dataset, int limit, CancellationToken cancellationToken);

    /// <summary>What changed between two snapshots of a dataset (keys and measures), at most <paramref name="limit"/> rows.</summary>
    Task<IReadOnlyList<RevisionRecord>> DiffAsync(string dataset, long fromSnapshotId, long toSnapshotId, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<DatasetState>> ListDatasetStatesAsync(CancellationToken cancellationToken);

    /// <summary>Every dataset of the catalogue, in its order, with its latest run and when a run last confirmed its data.</summary>
    Task<IReadOnlyList<DatasetRunState>> ListDatasetRunStatesAsync(CancellationToken cancellationToken);

    /// <summary>Snapshots of every dataset with <paramref name="status"/> (published, quarantined, rejected), newest first.</summary>
    Task<IReadOnlyList<SnapshotRecord>> ListSnapshotsByStatusAsync(string status, int limit, CancellationToken cancellationToken);

    /// <summary>A snapshot's revised values (keys it changed, not added or removed), largest absolute change first, paged.</summary>
    Task<RevisionPage> ListLargestRevisionsAsync(long snapshotId, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>One series (a measure summed over a key filter) per period, as it stood after each published snapshot.</summary>
    Task<IReadOnlyList<SeriesPoint>> ReadSeriesAsync(SeriesQuery query, CancellationToken cancellationToken);

    /// <summary>The raw pages a run archived, in page order (for reprocess).</summary>
    IAsyncEnumerable<RawPage> ReadArchivedPagesAsync(long runId, CancellationToken cancellationToken);
}
