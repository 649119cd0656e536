using Ingestion.Worker.Configuration;
using Ingestion.Worker.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Serilog.Extensions.Logging;

namespace Ingestion.Worker.Hosting;

/// <summary>
/// Builds the host every verb runs in: configuration (appsettings, environment), logging, options validated
/// up front, the database (embedded in Development when unset) and the services. Only <c>run</c> starts it, and only
/// <c>run</c> gets the web host (Kestrel, routing): one-shot verbs build the plain generic host, which is cheaper to
/// build in a cold process and reads the same configuration.
/// </summary>
public static class WorkerHost
{
    /// <param name="whileOpening">
    /// Work that needs the built container but not the database (a CLI verb's first request to a publisher), started
    /// once the configuration is known good, while the database's first connection opens. Whatever it starts must be
    /// owned by a service the container disposes: a database that fails to open disposes the host.
    /// </param>
    /// <param name="scheduler">
    /// A one-shot verb that uses the Quartz scheduler (<c>backfill</c> enqueues into its store); the worker always has
    /// it. Configuring Quartz is start-up the other verbs' users would wait for.
    /// </param>
    public static async Task<WorkerHostContext> BuildAsync(
        bool isWorker, CancellationToken cancellationToken, Action<IServiceProvider>? whileOpening = null, bool scheduler = false)
    {
        IHostApplicationBuilder builder = isWorker
            ? WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory })
            : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = [],
                ContentRootPath = AppContext.BaseDirectory,
                // The web host also reads ASPNETCORE_-prefixed variables (ASPNETCORE_ENVIRONMENT); so must the verbs.
                Configuration = WithAspNetCoreVariables(),
            });
        builder.Services.AddIngestionLogging(builder.Configuration, builder.Environment, logToStandardError: !isWorker);
        builder.Services.AddIngestionOptions(builder.Configuration, builder.Environment);

        using var loggerFactory = new SerilogLoggerFactory(Serilog.Log.Logger);
        var opening = CheckWhileOpening(builder, loggerFactory.CreateLogger("Ingestion.Database"), cancellationToken);
        // The container is built while the database opens; nothing resolves the data source before it has.
        builder.Services.AddIngestionServices(builder.Configuration, _ => OpenedDataSource(opening), isWorker, scheduler);
        var host = Build(builder);
        try
        {
            whileOpening?.Invoke(host.Services);
            return new WorkerHostContext(host, await opening);
        }
        catch
        {
            await WorkerHostContext.DisposeAsync(host);
            throw;
        }
    }

    /// <summary>
    /// Checks the whole configuration and starts opening the database. A configured database's first connection (TCP,
    /// authentication and Npgsql's cold start, about a third of a CLI verb's start-up) opens on another thread while
    /// the configuration is checked; a configuration problem still wins: it is reported at once and the open's outcome
    /// is discarded behind it, so a bad value never waits on a connection. The embedded Development server is started only once
    /// the configuration is known to be good.
    /// </summary>
    private static Task<IngestionDatabase> CheckWhileOpening(IHostApplicationBuilder builder, ILogger logger, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[IngestionDatabase.ConnectionStringKey]))
        {
            ConfigurationCheck.ThrowIfInvalid(builder.Configuration, builder.Environment);
            return IngestionDatabase.OpenAsync(builder.Configuration, builder.Environment, logger, cancellationToken);
        }

        var database = Task.Run(() => IngestionDatabase.OpenAsync(builder.Configuration, builder.Environment, logger, cancellationToken), cancellationToken);
        try
        {
            ConfigurationCheck.ThrowIfInvalid(builder.Configuration, builder.Environment);
        }
        catch
        {
            // The configuration's error is reported now, not after the open (bounded by its reachability deadline),
            // whose outcome is discarded behind it: a connection that did open is closed.
            _ = database.ContinueWith(DiscardAsync, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            throw;
        }

        return database;
    }

    private static NpgsqlDataSource OpenedDataSource(Task<IngestionDatabase> opening) => opening.IsCompletedSuccessfully
        ? opening.Result.DataSource
        : throw new InvalidOperationException("The database was asked for before it opened: await the host's build first.");

    private static IHost Build(IHostApplicationBuilder builder)
    {
        if (builder is WebApplicationBuilder web)
        {
            web.ConfigureWorkerEndpoint();
            return web.Build();
        }

        return ((HostApplicationBuilder)builder).Build();
    }

    /// <summary>An open whose result is not wanted: a database that did open is closed; an open that failed has nothing to add to the configuration's error.</summary>
    private static async Task DiscardAsync(Task<IngestionDatabase> open)
    {
        if (open.IsCompletedSuccessfully)
        {
            await open.Result.DataSource.DisposeAsync();
            await open.Result.DisposeAsync();
        }
    }

    private static ConfigurationManager WithAspNetCoreVariables()
    {
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables(prefix: "ASPNETCORE_");
        return configuration;
    }
}
