using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Ingestion.Sources.Http;

/// <summary>
/// The pipeline every request to one publisher goes through, outermost first: total timeout, retry (exponential
/// backoff with jitter, Retry-After honoured), circuit breaker, per-attempt timeout. One per publisher (its own
/// breaker: a failing Eurostat does not open UNHCR's circuit), named <see cref="NameFor"/>.
/// </summary>
public static class SourceResiliencePipeline
{
    /// <summary>The pipeline's (and the HTTP client's) name for a publisher, e.g. <c>Ingestion.Sources.unhcr</c>.</summary>
    public static string NameFor(string publisher) => $"Ingestion.Sources.{publisher}";

    public static void Configure(ResiliencePipelineBuilder builder, string publisher, SourceHttpOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var transient = new PredicateBuilder().Handle<Exception>(IsTransient);

        builder.TimeProvider = timeProvider;
        builder
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)
                    && !(args.Context.Properties.TryGetValue(SourceResilience.SingleAttempt, out var single) && single)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfterDelay(args.Outcome.Exception, options.MaxRetryDelay)),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(SourceResilience.Statistics, out var statistics))
                    {
                        statistics.AddRetry();
                    }

                    args.Context.Properties.TryGetValue(SourceResilience.RequestUri, out var uri);
                    SourceLog.Retrying(logger, uri, args.AttemptNumber + 1, Reason(args.Outcome.Exception), args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerBreakDuration,
                OnOpened = args =>
                {
                    SourceLog.CircuitOpened(logger, publisher, args.BreakDuration, Reason(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>A failed attempt the pipeline retries (and its circuit breaker counts).</summary>
    public static bool IsTransient(Exception exception) =>
        exception is HttpRequestException or IOException or TimeoutRejectedException or TransientResponseException;

    private static TimeSpan? RetryAfterDelay(Exception? exception, TimeSpan maxDelay) =>
        exception is TransientResponseException { RetryAfter: { } retryAfter }
            ? (retryAfter < maxDelay ? retryAfter : maxDelay)
            : null;

    /// <summary>What a failed attempt's log line says of it.</summary>
    public static string Reason(Exception? exception) => exception switch
    {
        null => "no exception",
        TimeoutRejectedException => "attempt timed out",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
