using Ingestion.Core.Pipeline;
using Ingestion.Core.Runs;

namespace Ingestion.Worker.Cli.Output;

// The documents `--json` writes that are not a store record. Property names become snake_case keys (JsonOutput).

/// <summary><c>datasets --json</c>: one per dataset.</summary>
public sealed record DatasetRow(string Dataset, string View, bool Enabled, string Schedule, DatasetState? State);

/// <summary><c>ingest</c>, <c>backfill</c> and <c>reprocess</c> with <c>--json</c>.</summary>
public sealed record RunSummaryDocument(bool DryRun, IReadOnlyList<RunOutcome> Runs);

/// <summary><c>approve</c> and <c>reject</c> with <c>--json</c>.</summary>
public sealed record DecisionDocument(long SnapshotId, bool Done, string Message);

/// <summary><c>backfill --enqueue --json</c>: the job stored for the clustered scheduler.</summary>
public sealed record BackfillDocument(bool Enqueued, string Job, string Dataset, int From, int To, int Chunk);
