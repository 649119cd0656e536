namespace Ingestion.Core.Runs;

/// <summary>One row of <c>ingestion.snapshots</c>. Status is published, quarantined or rejected.</summary>
public sealed record SnapshotRecord(
    long SnapshotId,
    string Dataset,
    string Status,
    long RunId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    int? YearFrom,
    int? YearTo,
    string ContentSha256,
    long RowCount,
    long Added,
    long Revised,
    long Removed,
    string? QualityReportJson);
