namespace Ingestion.Postgres.Resilience;

/// <summary>
/// <c>Ingestion:Database</c>: how long a run waits out a database that is gone (a restart, a failover) before it
/// fails, and how its retries are spaced (exponential backoff with jitter, capped).
/// </summary>
public sealed class DatabaseResilienceOptions
{
    public const string Section = "Ingestion:Database";

    /// <summary>How long the database may stay unreachable, counted from the first failure of an outage.</summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(3);

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(15);
}
