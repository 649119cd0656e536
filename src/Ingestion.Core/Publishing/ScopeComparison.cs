namespace Ingestion.Core.Publishing;

/// <summary>
/// The staged rows against what is current inside the run's scope: the store computes it, Core decides on it.
/// <see cref="SameContent"/> means the dataset's latest snapshot covered exactly this scope with exactly this content,
/// so no diff was needed (the counts are then all zero).
/// </summary>
public sealed record ScopeComparison(
    long? BaseSnapshotId,
    long RowsBefore,
    int? LatestYearBefore,
    DiffCounts Counts,
    IReadOnlyList<string> MeasuresLosingAllValues,
    bool SameContent = false);
