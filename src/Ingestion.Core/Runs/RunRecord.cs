namespace Ingestion.Core.Runs;

/// <summary>
/// One row of <c>ingestion.runs</c>. A dry run ends <c>unchanged</c> (it changed nothing); <paramref name="DryRunOutcome"/>
/// holds what it would have done. <paramref name="DatabaseRetries"/>: how often the run waited out a lost database connection.
/// </summary>
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
    string? Error,
    RunStatus? DryRunOutcome = null,
    int DatabaseRetries = 0)
{
    public bool IsDryRun => DryRunOutcome is not null;
}
