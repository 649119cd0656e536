using Ingestion.Worker.Configuration;
using Ingestion.Worker.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    public static async Task<WorkerHostContext> BuildAsync(bool isWorker, CancellationToken cancellationToken)
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
        var database = await OpenWhileCheckingAsync(builder, loggerFactory.CreateLogger("Ingestion.Database"), cancellationToken);
        builder.Services.AddIngestionServices(builder.Configuration, database.DataSource, isWorker);
        if (builder is WebApplicationBuilder web)
        {
            web.ConfigureWorkerEndpoint();
            return new WorkerHostContext(web.Build(), database);
        }

        return new WorkerHostContext(((HostApplicationBuilder)builder).Build(), database);
    }

    /// <summary>
    /// Checks the whole configuration and opens the database. A configured database's first connection (TCP,
    /// authentication and Npgsql's cold start, about a third of a CLI verb's start-up) opens on another thread while
    /// the configuration is checked; a configuration problem still wins: the open is cancelled and its outcome
    /// discarded, so a bad value never waits on a connection. The embedded Development server is started only once
    /// the configuration is known to be good.
    /// </summary>
    private static async Task<IngestionDatabase> OpenWhileCheckingAsync(IHostApplicationBuilder builder, ILogger logger, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[IngestionDatabase.ConnectionStringKey]))
        {
            ConfigurationCheck.ThrowIfInvalid(builder.Configuration, builder.Environment);
            return await IngestionDatabase.OpenAsync(builder.Configuration, builder.Environment, logger, cancellationToken);
        }

        using var opening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var database = Task.Run(() => IngestionDatabase.OpenAsync(builder.Configuration, builder.Environment, logger, opening.Token), opening.Token);
        try
        {
            ConfigurationCheck.ThrowIfInvalid(builder.Configuration, builder.Environment);
        }
        catch
        {
            await opening.CancelAsync();
            await database.ContinueWith(DiscardAsync, TaskScheduler.Default).Unwrap();
            throw;
        }

        return await database;
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
