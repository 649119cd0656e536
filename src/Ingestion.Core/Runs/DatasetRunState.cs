namespace Ingestion.Core.Runs;

/// <summary>
/// A dataset's latest run (any outcome, with its error) and when a run last confirmed its data current: the finish of
/// the latest run that ended <c>published</c> or <c>unchanged</c> (dry runs excluded). Either is null before any such run.
/// </summary>
public sealed record DatasetRunState(string Dataset, RunRecord? LastRun, DateTimeOffset? LastConfirmedAt);
