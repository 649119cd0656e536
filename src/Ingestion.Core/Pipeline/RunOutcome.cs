using Ingestion.Core.Runs;

namespace Ingestion.Core.Pipeline;

/// <summary>What one dataset run ended with: the summary line the CLI prints and the metrics record.</summary>
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
    string? Error)
{
    /// <summary>Published and unchanged are successes; skipped (another process holds the dataset) is not a failure either.</summary>
    public bool Succeeded => Status is RunStatus.Published or RunStatus.Unchanged or RunStatus.Skipped;
}
