namespace Ingestion.Worker.Runs;

/// <summary>Where a backfill is: chunk k of n, its years, the pages and rows fetched so far, and the last event.</summary>
public sealed record BackfillProgress(
    int Chunk,
    int ChunkCount,
    int YearFrom,
    int YearTo,
    string Event,
    long Pages,
    long ExpectedPages,
    long Rows,
    TimeSpan Elapsed);
