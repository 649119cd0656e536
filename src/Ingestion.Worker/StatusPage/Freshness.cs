using Quartz;

namespace Ingestion.Worker.StatusPage;

/// <summary>How current a dataset's data is, judged against its schedule.</summary>
public enum FreshnessState
{
    /// <summary>A run confirmed the data (published or unchanged) since the schedule last fired, or only one firing was missed.</summary>
    Fresh,

    /// <summary>The schedule fired at least twice since a run last confirmed the data: two scheduled chances went by.</summary>
    Stale,

    /// <summary>No run has ever confirmed the data.</summary>
    Never,

    /// <summary>Not scheduled (<c>Enabled=false</c>): nothing to judge against.</summary>
    Disabled,
}

/// <summary>
/// Judges freshness against the cron schedule rather than the publish age alone: UNHCR publishes a few times a year, so a
/// daily schedule whose runs end <c>unchanged</c> is healthy however old the last publish is. One missed or failed
/// firing is tolerated (a retry on the next one is normal); a second one makes the dataset stale.
/// </summary>
public static class Freshness
{
    public static FreshnessState Judge(string cron, bool enabled, DateTimeOffset? lastConfirmedAt, DateTimeOffset now)
    {
        if (!enabled)
        {
            return FreshnessState.Disabled;
        }

        if (lastConfirmedAt is not { } confirmed)
        {
            return FreshnessState.Never;
        }

        // The options validator has already accepted the expression; schedules run in UTC (DatasetSchedule).
        var expression = new CronExpression(cron, TimeZoneInfo.Utc);
        var first = expression.GetNextValidTimeAfter(confirmed);
        var second = first is { } f ? expression.GetNextValidTimeAfter(f) : null;
        return second is { } s && s <= now ? FreshnessState.Stale : FreshnessState.Fresh;
    }
}
