using Ingestion.Core.Model;
using Ingestion.Core.Ports;

namespace Ingestion.Postgres.Store;

/// <summary>The dataset's latest published snapshot: its id (the base of this run's diff), scope, content hash and release.</summary>
internal sealed record BaseSnapshot(long? SnapshotId, YearScope? Scope, string? ContentSha256, string? Release)
{
    public static BaseSnapshot None { get; } = new(null, null, null, null);

    /// <summary>
    /// The pages its run archived, read only for a run of the same scope that is no reprocess (the only runs that may
    /// use them, see <see cref="FetchContext.MarkUnchanged"/>); empty otherwise.
    /// </summary>
    public KnownPages Pages { get; init; } = KnownPages.None;

    /// <summary>The latest snapshot covered exactly this scope with exactly this content, so nothing can have changed.</summary>
    public bool IsSameContent(YearScope scope, string contentSha256) => Scope == scope && ContentSha256 == contentSha256;
}
