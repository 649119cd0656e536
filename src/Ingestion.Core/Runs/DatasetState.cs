namespace Ingestion.Core.Runs;

/// <summary>Where a dataset stands: its current snapshot and last runs (for the <c>datasets</c> verb and metrics).</summary>
public sealed record DatasetState(
    string Dataset,
    long? CurrentSnapshotId,
    DateTimeOffset? LastPublishedAt,
    long CurrentRowCount,
    RunStatus? LastRunStatus,
    DateTimeOffset? LastRunAt,
    int QuarantinedSnapshots);
