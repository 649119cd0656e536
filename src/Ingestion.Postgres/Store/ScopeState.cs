namespace Ingestion.Postgres.Store;

/// <summary>The scope's current rows before a run: how many, and the latest year among them.</summary>
internal sealed record ScopeState(long RowCount, int? LatestYear, long? BaseSnapshotId);
