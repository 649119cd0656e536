using Ingestion.Worker.Configuration;
using Ingestion.Worker.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

        // Validate configuration before touching the database: a bad value must not wait on a connection.
        ConfigurationCheck.ThrowIfInvalid(builder.Configuration, builder.Environment);

        using var loggerFactory = new SerilogLoggerFactory(Serilog.Log.Logger);
        var database = await IngestionDatabase.OpenAsync(
            builder.Configuration, builder.Environment, loggerFactory.CreateLogger("Ingestion.Database"), cancellationToken);
        builder.Services.AddIngestionServices(builder.Configuration, database.ConnectionString, isWorker);
        if (builder is WebApplicationBuilder web)
        {
            web.ConfigureWorkerEndpoint();
            return new WorkerHostContext(web.Build(), database);
        }

        return new WorkerHostContext(((HostApplicationBuilder)builder).Build(), database);
    }

    private static ConfigurationManager WithAspNetCoreVariables()
    {
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables(prefix: "ASPNETCORE_");
        return configuration;
    }
}
