namespace Ingestion.Postgres.Store;

/// <summary>A failed run's end, kept until the database answers again (<see cref="UnrecordedRunEnds"/>).</summary>
internal sealed record UnrecordedRunEnd(long RunId, DateTimeOffset FinishedAt, string Error, long Pages, long Rows, int DatabaseRetries);
