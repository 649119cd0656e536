using Microsoft.Extensions.Options;

namespace Ingestion.Sources.Unhcr;

/// <summary>Reports every bad UNHCR source setting at start, each with its configuration key and value.</summary>
public sealed class UnhcrSourceOptionsValidator : IValidateOptions<UnhcrSourceOptions>
{
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MinBreakerWindow = TimeSpan.FromMilliseconds(500);

    public ValidateOptionsResult Validate(string? name, UnhcrSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!Uri.TryCreate(options.BaseAddress, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add(Fail(nameof(options.BaseAddress), "must be an absolute http or https URI", options.BaseAddress));
        }

        Positive(failures, nameof(options.PageSize), options.PageSize);
        Positive(failures, nameof(options.MaxConcurrency), options.MaxConcurrency);
        Positive(failures, nameof(options.MaxRetryAttempts), options.MaxRetryAttempts);
        AtLeast(failures, nameof(options.MinRequestInterval), options.MinRequestInterval, TimeSpan.Zero);
        AtLeast(failures, nameof(options.AttemptTimeout), options.AttemptTimeout, MinTimeout);
        AtLeast(failures, nameof(options.TotalTimeout), options.TotalTimeout, MinTimeout);
        AtLeast(failures, nameof(options.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.Zero);
        AtLeast(failures, nameof(options.MaxRetryDelay), options.MaxRetryDelay, TimeSpan.Zero);
        AtLeast(failures, nameof(options.CircuitBreakerSamplingDuration), options.CircuitBreakerSamplingDuration, MinBreakerWindow);
        AtLeast(failures, nameof(options.CircuitBreakerBreakDuration), options.CircuitBreakerBreakDuration, MinBreakerWindow);

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add(Fail(nameof(options.TotalTimeout), $"must not be shorter than AttemptTimeout ({options.AttemptTimeout})", options.TotalTimeout));
        }

        if (options.CircuitBreakerFailureRatio is <= 0 or > 1 || double.IsNaN(options.CircuitBreakerFailureRatio))
        {
            failures.Add(Fail(nameof(options.CircuitBreakerFailureRatio), "must be greater than 0 and at most 1", options.CircuitBreakerFailureRatio));
        }

        if (options.CircuitBreakerMinimumThroughput < 2)
        {
            failures.Add(Fail(nameof(options.CircuitBreakerMinimumThroughput), "must be at least 2", options.CircuitBreakerMinimumThroughput));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, int value)
    {
        if (value <= 0)
        {
            failures.Add(Fail(key, "must be greater than 0", value));
        }
    }

    private static void AtLeast(List<string> failures, string key, TimeSpan value, TimeSpan minimum)
    {
        if (value < minimum)
        {
            failures.Add(Fail(key, $"must be at least {minimum}", value));
        }
    }

    private static string Fail(string key, string rule, object? value) =>
        $"{UnhcrSourceOptions.SectionName}:{key} {rule}, was '{value}'.";
}
