namespace Ingestion.Core.Runs;

/// <summary>
/// One changed key and measure between two snapshots (the shape of <c>stats.revisions</c>): the year, the origin and
/// asylum ISO3 when the dataset has them, every other key field by name in <see cref="Detail"/> (JSON), and the measure.
/// </summary>
public sealed record RevisionRecord(
    string Dataset,
    long SnapshotId,
    int Year,
    string? OriginIso,
    string? AsylumIso,
    string Detail,
    string Measure,
    long? OldValue,
    long? NewValue,
    string Change);
