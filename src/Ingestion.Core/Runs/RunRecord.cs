namespace Ingestion.Core.Runs;

/// <summary>
/// One row of <c>ingestion.runs</c>. A dry run ends <c>unchanged</c> (it changed nothing); <paramref name="DryRunOutcome"/>
/// holds what it would have done.
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
    RunStatus? DryRunOutcome = null)
{
    public bool IsDryRun => DryRunOutcome is not null;
}
