using Microsoft.Extensions.Options;

namespace Ingestion.Sources.Http;

/// <summary>
/// The checks every publisher's <see cref="SourceHttpOptions"/> must pass, each failure naming its configuration key
/// and value. A publisher's validator calls <see cref="Validate"/> with the rules of its own settings.
/// </summary>
public sealed class SourceHttpOptionsRules
{
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MinBreakerWindow = TimeSpan.FromMilliseconds(500);

    private readonly string _section;
    private readonly List<string> _failures = [];

    private SourceHttpOptionsRules(string section) => _section = section;

    /// <summary>Every failure at once, in declaration order: the address, the publisher's own settings, then the timings.</summary>
    public static ValidateOptionsResult Validate(string section, SourceHttpOptions options, Action<SourceHttpOptionsRules> publisherRules)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(publisherRules);
        var rules = new SourceHttpOptionsRules(section);
        rules.CheckAddress(options);
        publisherRules(rules);
        rules.CheckTimings(options);
        return rules._failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(rules._failures);
    }

    private void CheckAddress(SourceHttpOptions options)
    {
        if (!Uri.TryCreate(options.BaseAddress, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Fail(nameof(options.BaseAddress), "must be an absolute http or https URI", options.BaseAddress);
        }
    }

    private void CheckTimings(SourceHttpOptions options)
    {
        Positive(nameof(options.MaxRetryAttempts), options.MaxRetryAttempts);
        AtLeast(nameof(options.MinRequestInterval), options.MinRequestInterval, TimeSpan.Zero);
        AtLeast(nameof(options.AttemptTimeout), options.AttemptTimeout, MinTimeout);
        AtLeast(nameof(options.TotalTimeout), options.TotalTimeout, MinTimeout);
        AtLeast(nameof(options.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.Zero);
        AtLeast(nameof(options.MaxRetryDelay), options.MaxRetryDelay, TimeSpan.Zero);
        AtLeast(nameof(options.CircuitBreakerSamplingDuration), options.CircuitBreakerSamplingDuration, MinBreakerWindow);
        AtLeast(nameof(options.CircuitBreakerBreakDuration), options.CircuitBreakerBreakDuration, MinBreakerWindow);

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            Fail(nameof(options.TotalTimeout), $"must not be shorter than AttemptTimeout ({options.AttemptTimeout})", options.TotalTimeout);
        }

        if (options.CircuitBreakerFailureRatio is <= 0 or > 1 || double.IsNaN(options.CircuitBreakerFailureRatio))
        {
            Fail(nameof(options.CircuitBreakerFailureRatio), "must be greater than 0 and at most 1", options.CircuitBreakerFailureRatio);
        }

        if (options.CircuitBreakerMinimumThroughput < 2)
        {
            Fail(nameof(options.CircuitBreakerMinimumThroughput), "must be at least 2", options.CircuitBreakerMinimumThroughput);
        }
    }

    public void Positive(string key, int value)
    {
        if (value <= 0)
        {
            Fail(key, "must be greater than 0", value);
        }
    }

    public void AtLeast(string key, TimeSpan value, TimeSpan minimum)
    {
        if (value < minimum)
        {
            Fail(key, $"must be at least {minimum}", value);
        }
    }

    public void Fail(string key, string rule, object? value) => _failures.Add($"{_section}:{key} {rule}, was '{value}'.");
}
