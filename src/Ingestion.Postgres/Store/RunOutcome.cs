using Ingestion.Core.Publishing;
using Ingestion.Core.Runs;

namespace Ingestion.Postgres.Store;

/// <summary>How a run row ends: its status, snapshot, error, diff counts and, for a dry run, what would have happened.</summary>
internal sealed record RunOutcome(RunStatus Status, long? SnapshotId = null, string? Error = null, DiffCounts? Counts = null, RunStatus? DryRunOutcome = null);
