using Ingestion.Core.Quality;

namespace Ingestion.Core.Runs;

/// <summary>How a run ended after staging: published, unchanged or quarantined, with the diff counts.</summary>
public sealed record PublishResult(
    RunStatus Status,
    long? SnapshotId,
    long RowCount,
    long Added,
    long Revised,
    long Removed,
    QualityReport? QualityReport);
