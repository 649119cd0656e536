using Ingestion.Core.Ports;

namespace Ingestion.Postgres.Store;

/// <summary>
/// A failed run's end, kept until the database answers again (<see cref="UnrecordedRunEnds"/>). The run is over, so
/// its <paramref name="Statistics"/> no longer move.
/// </summary>
internal sealed record UnrecordedRunEnd(long RunId, DateTimeOffset FinishedAt, string Error, FetchStatistics Statistics, int DatabaseRetries);
