using Ingestion.Sources.Unhcr;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Ingestion.Sources.Http;

/// <summary>
/// The named pipeline every UNHCR request goes through, outermost first: total timeout, retry (exponential
/// backoff with jitter, Retry-After honoured), circuit breaker, per-attempt timeout.
/// </summary>
public static class UnhcrResiliencePipeline
{
    public const string Name = "Ingestion.Sources.Unhcr";

    public static void Configure(ResiliencePipelineBuilder builder, UnhcrSourceOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var transient = new PredicateBuilder()
            .Handle<HttpRequestException>()
            .Handle<IOException>()
            .Handle<TimeoutRejectedException>()
            .Handle<TransientResponseException>();

        builder.TimeProvider = timeProvider;
        builder
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
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
                    SourceLog.CircuitOpened(logger, args.BreakDuration, Reason(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout);
    }

    private static TimeSpan? RetryAfterDelay(Exception? exception, TimeSpan maxDelay) =>
        exception is TransientResponseException { RetryAfter: { } retryAfter }
            ? (retryAfter < maxDelay ? retryAfter : maxDelay)
            : null;

    private static string Reason(Exception? exception) => exception switch
    {
        null => "no exception",
        TimeoutRejectedException => "attempt timed out",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
