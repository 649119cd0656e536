using Ingestion.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Ingestion.Postgres.Resilience;

/// <summary>
/// The named pipeline every database call of a run goes through: a retry on <see cref="DatabaseFaults"/>, exponential
/// backoff with jitter, for as long as the outage (<see cref="Outage"/>, in the call's context) is within the budget.
/// No timeout strategy: a run's statements may legitimately take long (a publish of millions of rows); only the time
/// the database is *gone* is limited. Separate from the sources' HTTP pipelines.
/// </summary>
public static class DatabaseResiliencePipeline
{
    public const string Name = "Ingestion.Database";

    /// <summary>The outage a call belongs to; a call without one gets a fresh outage of its own.</summary>
    public static readonly ResiliencePropertyKey<DatabaseOutage> Outage = new("Ingestion.Database.Outage");

    /// <summary>Called before each retry (the store clears its connection pool: the idle connections died with the server).</summary>
    public static readonly ResiliencePropertyKey<Action> BeforeRetry = new("Ingestion.Database.BeforeRetry");

    public static void Configure(ResiliencePipelineBuilder builder, DatabaseResilienceOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.TimeProvider = timeProvider;
        builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e && DatabaseFaults.IsTransient(e) && OutageOf(args.Context, timeProvider).FailedWithin(options.RetryBudget)),
            MaxRetryAttempts = int.MaxValue, // the budget stops the retries, not a count
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            OnRetry = args =>
            {
                OutageOf(args.Context, timeProvider).Retried();
                if (args.Context.Properties.TryGetValue(BeforeRetry, out var beforeRetry))
                {
                    beforeRetry();
                }

                DatabaseLog.Retrying(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception is { } e ? ErrorText.FirstLine(e.Message) : "no exception");
                return ValueTask.CompletedTask;
            },
        });
    }

    private static DatabaseOutage OutageOf(ResilienceContext context, TimeProvider timeProvider)
    {
        if (!context.Properties.TryGetValue(Outage, out var outage))
        {
            outage = new DatabaseOutage(timeProvider);
            context.Properties.Set(Outage, outage);
        }

        return outage;
    }
}
