namespace Ingestion.Core.Runs;

/// <summary>One changed key and measure between two snapshots (the shape of <c>stats.revisions</c>).</summary>
public sealed record RevisionRecord(
    string Dataset,
    long SnapshotId,
    int Year,
    string OriginIso,
    string AsylumIso,
    string Detail,
    string Measure,
    long? OldValue,
    long? NewValue,
    string Change);
