using Ingestion.Core.Model;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The scope's current rows before a run (how many, the latest year among them) and the dataset's latest
/// published snapshot: its id (the base a quarantined snapshot is diffed against), scope and content hash.
/// </summary>
internal sealed record ScopeState(long RowCount, int? LatestYear, long? BaseSnapshotId, YearScope? BaseScope, string? BaseContentSha256)
{
    /// <summary>The latest snapshot covered exactly this scope with exactly this content, so nothing can have changed.</summary>
    public bool IsSameContent(YearScope scope, string contentSha256) => BaseScope == scope && BaseContentSha256 == contentSha256;
}
