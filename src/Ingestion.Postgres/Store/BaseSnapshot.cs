using Ingestion.Core.Model;

namespace Ingestion.Postgres.Store;

/// <summary>The dataset's latest published snapshot: its id (the base of this run's diff), scope, content hash and release.</summary>
internal sealed record BaseSnapshot(long? SnapshotId, YearScope? Scope, string? ContentSha256, string? Release)
{
    public static BaseSnapshot None { get; } = new(null, null, null, null);

    /// <summary>The latest snapshot covered exactly this scope with exactly this content, so nothing can have changed.</summary>
    public bool IsSameContent(YearScope scope, string contentSha256) => Scope == scope && ContentSha256 == contentSha256;
}
