namespace Ingestion.Core.Runs;

/// <summary>One row of <c>ingestion.runs</c>.</summary>
public sealed record RunRecord(
    long RunId,
    string Dataset,
    RunTrigger Trigger,
    RunStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int? YearFrom,
    int? YearTo,
    long Pages,
    long RowsRead,
    long? SnapshotId,
    string? Error);
