namespace Ingestion.Core.Diagnostics;

/// <summary>
/// The one-line form of an error for people (a run's reason, a log line, a status page cell): the first line of its
/// message. Sources and the store write their messages so that the first line says what went wrong.
/// </summary>
public static class ErrorText
{
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Split('\n', 2)[0].Trim();
    }
}
