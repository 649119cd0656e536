using Ingestion.Postgres.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;

namespace Ingestion.Postgres.Tests.Resilience;

/// <summary>The named database pipeline: its composition, and its budget on a fake clock (no database: the faults are thrown here).</summary>
public sealed class DatabaseResiliencePipelineTests
{
    [Fact]
    public void GetPipeline_Registered_OneRetryWithJitteredExponentialBackoffAndNoTimeout()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddIngestionPostgres("Host=127.0.0.1;Port=1;Username=nobody");
        services.Configure<DatabaseResilienceOptions>(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
            o.MaxRetryDelay = TimeSpan.FromSeconds(4);
        });
        using var provider = services.BuildServiceProvider();

        var descriptor = provider.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(DatabaseResiliencePipeline.Name).GetPipelineDescriptor();

        var retry = Assert.IsType<RetryStrategyOptions>(Assert.Single(descriptor.Strategies).Options);
        Assert.Equal(
            (int.MaxValue, DelayBackoffType.Exponential, true, TimeSpan.FromMilliseconds(200), (TimeSpan?)TimeSpan.FromSeconds(4)),
            (retry.MaxRetryAttempts, retry.BackoffType, retry.UseJitter, retry.Delay, retry.MaxDelay));
    }

    [Fact]
    public async Task ExecuteAsync_TwoConnectionLossesThenSuccess_ReturnsResultAndCountsTwoRetries()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody");
        var clock = new FakeTimeProvider();
        var retry = DatabaseRetry.Create(dataSource, new DatabaseResilienceOptions { RetryBudget = TimeSpan.FromMinutes(1) }, clock, NullLogger.Instance);
        var outage = retry.NewOutage();
        var calls = 0;

        var result = await RunOnFakeClockAsync(clock, retry.ExecuteAsync(
            _ => ++calls < 3 ? throw new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01") : ValueTask.FromResult(42),
            outage, TestContext.Current.CancellationToken));

        Assert.Equal((42, 3, 2, TimeSpan.Zero), (result, calls, outage.Retries, outage.Elapsed));
    }

    [Fact]
    public async Task ExecuteAsync_DatabaseGoneLongerThanBudget_ThrowsDatabaseUnavailableNamingTheBudget()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody");
        var clock = new FakeTimeProvider();
        var retry = DatabaseRetry.Create(dataSource, new DatabaseResilienceOptions { RetryBudget = TimeSpan.FromSeconds(30) }, clock, NullLogger.Instance);
        var outage = retry.NewOutage();
        var started = clock.GetUtcNow();

        var e = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => RunOnFakeClockAsync(clock, retry.ExecuteAsync<int>(
            _ => throw new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"),
            outage, TestContext.Current.CancellationToken)));

        Assert.Equal(
            "The database was unreachable for longer than the retry budget (00:00:30, Ingestion:Database:RetryBudget): 57P03: the database system is starting up",
            e.Message);
        Assert.InRange(clock.GetUtcNow() - started, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30 + 15));
        Assert.True(outage.Retries >= 3, $"only {outage.Retries} retries within the budget");
    }

    [Fact]
    public async Task ExecuteAsync_ConstraintViolation_ThrowsAtOnceWithoutRetry()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody");
        var retry = DatabaseRetry.Create(dataSource, time: new FakeTimeProvider());
        var outage = retry.NewOutage();

        var e = await Assert.ThrowsAsync<PostgresException>(() => retry.ExecuteAsync(
            _ => throw new PostgresException("duplicate key value", "ERROR", "ERROR", "23505"), outage, TestContext.Current.CancellationToken));

        Assert.Equal(("23505", 0), (e.SqlState, outage.Retries));
    }

    /// <summary>Advances the fake clock until the call ends, so the pipeline's delays pass without waiting.</summary>
    private static async Task<T> RunOnFakeClockAsync<T>(FakeTimeProvider clock, Task<T> call)
    {
        while (!call.IsCompleted)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        return await call;
    }
}
