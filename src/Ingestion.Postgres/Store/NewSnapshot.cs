using Ingestion.Core.Model;
using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;

namespace Ingestion.Postgres.Store;

/// <summary>A snapshot row about to be written; a non-null <see cref="QualityReport"/> makes it quarantined.</summary>
internal sealed record NewSnapshot(
    long SnapshotId, DatasetDescriptor Dataset, long RunId, DateTimeOffset CreatedAt, YearScope Scope, string ContentSha256,
    long RowCount, DiffCounts Counts, QualityReport? QualityReport, long? BaseSnapshotId, string? Release);
