namespace Ingestion.Sources.Unhcr;

/// <summary>Settings of the UNHCR sources, bound from <c>Ingestion:Sources:Unhcr</c>.</summary>
public sealed class UnhcrSourceOptions
{
    public const string SectionName = "Ingestion:Sources:Unhcr";

    /// <summary>Absolute http(s) address of the API root; endpoint paths are appended to it.</summary>
    public string BaseAddress { get; set; } = "https://api.unhcr.org/population/v1/";

    /// <summary>The <c>limit</c> sent with every page request.</summary>
    public int PageSize { get; set; } = 10000;

    /// <summary>Pages of one dataset fetched at the same time.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Minimum time between the starts of two requests to the API (all datasets together).</summary>
    public TimeSpan MinRequestInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Timeout of one HTTP attempt, body included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one page request including all its retries and their delays.</summary>
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
