using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Registry;

namespace Ingestion.Postgres.Resilience;

/// <summary>
/// Runs database calls through the named pipeline (<see cref="DatabaseResiliencePipeline"/>) within an outage's
/// budget. A call that is still failing when the budget is spent throws <see cref="DatabaseUnavailableException"/>,
/// whose message is the run's one-line reason. The idle connections of the pool died with the server, so they are
/// cleared before each retry instead of being found dead one by one.
/// </summary>
public sealed class DatabaseRetry
{
    private readonly ResiliencePipeline _pipeline;
    private readonly NpgsqlDataSource _dataSource;

    public DatabaseRetry(ResiliencePipelineProvider<string> pipelines, NpgsqlDataSource dataSource, IOptions<DatabaseResilienceOptions> options, TimeProvider time)
        : this(Named(pipelines), dataSource, (options ?? throw new ArgumentNullException(nameof(options))).Value, time)
    {
    }

    private DatabaseRetry(ResiliencePipeline pipeline, NpgsqlDataSource dataSource, DatabaseResilienceOptions options, TimeProvider time)
    {
        _pipeline = pipeline;
        _dataSource = dataSource;
        Options = options;
        Time = time;
    }

    public DatabaseResilienceOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>Outside dependency injection (tests, benchmarks): the same pipeline, built here.</summary>
    public static DatabaseRetry Create(NpgsqlDataSource dataSource, DatabaseResilienceOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        options ??= new DatabaseResilienceOptions();
        time ??= TimeProvider.System;
        var builder = new ResiliencePipelineBuilder();
        DatabaseResiliencePipeline.Configure(builder, options, time, logger ?? NullLogger.Instance);
        return new DatabaseRetry(builder.Build(), dataSource, options, time);
    }

    public DatabaseOutage NewOutage() => new(Time);

    private static ResiliencePipeline Named(ResiliencePipelineProvider<string> pipelines) =>
        (pipelines ?? throw new ArgumentNullException(nameof(pipelines))).GetPipeline(DatabaseResiliencePipeline.Name);

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call, DatabaseOutage outage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outage);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DatabaseResiliencePipeline.Outage, outage);
        context.Properties.Set(DatabaseResiliencePipeline.BeforeRetry, _dataSource.Clear);
        try
        {
            var result = await _pipeline.ExecuteAsync(static (ctx, call) => call(ctx.CancellationToken), context, call);
            outage.Ended();
            return result;
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            throw new DatabaseUnavailableException(Options.RetryBudget, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task ExecuteAsync(Func<CancellationToken, ValueTask> call, DatabaseOutage outage, CancellationToken cancellationToken) =>
        ExecuteAsync(async token =>
        {
            await call(token);
            return true;
        }, outage, cancellationToken);
}
