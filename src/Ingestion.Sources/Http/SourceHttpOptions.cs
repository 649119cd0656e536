namespace Ingestion.Sources.Http;

/// <summary>
/// What every publisher's HTTP plumbing is tuned by: its address, pacing, timeouts, retries and circuit breaker.
/// A publisher's options class derives from it and adds its own settings; each binds from its own section.
/// </summary>
public abstract class SourceHttpOptions
{
    protected SourceHttpOptions(string baseAddress) => BaseAddress = baseAddress;

    /// <summary>Absolute http(s) address of the API root; request paths are appended to it.</summary>
    public string BaseAddress { get; set; }

    /// <summary>Minimum time between the starts of two requests to this publisher (all its datasets together).</summary>
    public TimeSpan MinRequestInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Timeout of one HTTP attempt, body included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one request including all its retries and their delays.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>Base of the exponential backoff (with jitter) when the server sends no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of any single retry delay, Retry-After included.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
