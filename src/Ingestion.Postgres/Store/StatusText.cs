using Ingestion.Core.Runs;

namespace Ingestion.Postgres.Store;

/// <summary>The lower-case text stored for run statuses and triggers (DESIGN §4), and back.</summary>
internal static class StatusText
{
    public static string Of(RunStatus status) => status.ToString().ToLowerInvariant();

    public static string Of(RunTrigger trigger) => trigger.ToString().ToLowerInvariant();

    public static RunStatus Status(string text) => Enum.Parse<RunStatus>(text, ignoreCase: true);

    public static RunTrigger Trigger(string text) => Enum.Parse<RunTrigger>(text, ignoreCase: true);
}
