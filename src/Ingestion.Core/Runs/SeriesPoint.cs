namespace Ingestion.Core.Runs;

/// <summary>
/// A series' value for one period as it stood after one published snapshot. <paramref name="Period"/> is the stored
/// period (a year, or year × 100 + month); <paramref name="Value"/> is null when every matching row had it NULL.
/// </summary>
public sealed record SeriesPoint(long SnapshotId, int Period, long? Value);
