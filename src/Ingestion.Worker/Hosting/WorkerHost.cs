using Ingestion.Worker.Configuration;
using Ingestion.Worker.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog.Extensions.Logging;

namespace Ingestion.Worker.Hosting;

/// <summary>
/// Builds the host every verb runs in: configuration (appsettings, environment), logging, options validated
/// up front, the database (embedded in Development when unset) and the services. Only <c>run</c> starts it.
/// </summary>
public static class WorkerHost
{
    public static async Task<WorkerHostContext> BuildAsync(bool isWorker, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddIngestionLogging(builder.Configuration, builder.Environment, logToStandardError: !isWorker);
        builder.Services.AddIngestionOptions(builder.Configuration, builder.Environment);

        // Validate configuration before touching the database: a bad value must not wait on a connection.
        ConfigurationCheck.ThrowIfInvalid(builder.Configuration, builder.Environment);

        using var loggerFactory = new SerilogLoggerFactory(Serilog.Log.Logger);
        var database = await IngestionDatabase.OpenAsync(
            builder.Configuration, builder.Environment, loggerFactory.CreateLogger("Ingestion.Database"), cancellationToken);
        builder.Services.AddIngestionServices(builder.Configuration, database.ConnectionString, isWorker);
        if (isWorker)
        {
            builder.ConfigureWorkerEndpoint();
        }

        return new WorkerHostContext(builder.Build(), database);
    }
}
