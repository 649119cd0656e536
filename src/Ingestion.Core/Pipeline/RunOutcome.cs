using Ingestion.Core.Quality;
using Ingestion.Core.Runs;

namespace Ingestion.Core.Pipeline;

/// <summary>What one dataset run ended with: the summary line the CLI prints and the metrics record; <paramref name="Quality"/> says why a snapshot was (or, in a dry run, would be) quarantined.</summary>
public sealed record RunOutcome(
    string Dataset,
    long? RunId,
    RunStatus Status,
    long? SnapshotId,
    long Added,
    long Revised,
    long Removed,
    long Pages,
    long RowsRead,
    long Retries,
    TimeSpan Duration,
    string? Error,
    QualityReport? Quality = null,
    long DatabaseRetries = 0)
{
    /// <summary>
    /// Only published and unchanged leave the dataset current. Quarantined waits for a decision, skipped means
    /// another process holds the dataset: neither is a success to a caller who asked for this run.
    /// </summary>
    public bool Succeeded => Status is RunStatus.Published or RunStatus.Unchanged;
}
