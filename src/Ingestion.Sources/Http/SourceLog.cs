using Microsoft.Extensions.Logging;

namespace Ingestion.Sources.Http;

internal static partial class SourceLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Retrying {RequestUri}: attempt {Attempt} failed ({Reason}); next try in {Delay}")]
    public static partial void Retrying(ILogger logger, Uri? requestUri, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error,
        Message = "Circuit to publisher {Publisher} opened for {BreakDuration} after {Reason}")]
    public static partial void CircuitOpened(ILogger logger, string publisher, TimeSpan breakDuration, string reason);
}
