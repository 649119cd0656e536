using Ingestion.Worker.Configuration;
using Ingestion.Worker.Health;
using Ingestion.Worker.Metrics;
using Ingestion.Worker.StatusPage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Worker.Hosting;

/// <summary>Kestrel on <c>Ingestion:Host:Port</c> for the health and metrics endpoints and the status page.</summary>
public static class WorkerEndpoint
{
    public static void ConfigureWorkerEndpoint(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(EndpointOptions.Section).Get<EndpointOptions>() ?? new();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(options.Port));
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
    }

    /// <summary><c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c> and, unless switched off, the status page.</summary>
    public static WebApplication MapWorkerEndpoints(this WebApplication app)
    {
        app.MapIngestionHealth();
        app.MapIngestionMetrics();
        app.MapStatusPage();
        return app;
    }
}
