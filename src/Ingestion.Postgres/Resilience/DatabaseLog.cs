using Microsoft.Extensions.Logging;

namespace Ingestion.Postgres.Resilience;

internal static partial class DatabaseLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Database call failed transiently; retry {Attempt} in {Delay}: {Reason}")]
    public static partial void Retrying(ILogger logger, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Run {RunId} of {Dataset} lost its database connection; resuming the same run (attempt {Attempt}): {Reason}")]
    public static partial void Resuming(ILogger logger, long runId, string dataset, int attempt, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Run {RunId} of {Dataset}: the connection broke around COMMIT; the publish had committed (snapshot {SnapshotId})")]
    public static partial void PublishCommitted(ILogger logger, long runId, string dataset, long snapshotId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Run {RunId} of {Dataset}: the connection broke around COMMIT; the publish provably did not commit and is retried")]
    public static partial void PublishNotCommitted(ILogger logger, long runId, string dataset);
}
