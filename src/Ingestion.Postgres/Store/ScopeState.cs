using Ingestion.Core.Publishing;

namespace Ingestion.Postgres.Store;

/// <summary>What the gate compares a run against: the scope's current row count and latest year, and the diff.</summary>
internal sealed record ScopeState(long RowsBefore, int? LatestYear, DiffCounts Counts);
