using Ingestion.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Ingestion.Worker.Metrics;

/// <summary><c>/metrics</c> in Prometheus text, from the worker's own registry.</summary>
public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    /// <summary>The metrics, the run observer that feeds them, and the scrape-time last-publish gauge.</summary>
    public static IServiceCollection AddIngestionMetrics(this IServiceCollection services)
    {
        services.AddSingleton<IngestionMetrics>();
        services.AddSingleton<IRunObserver>(provider => provider.GetRequiredService<IngestionMetrics>());
        services.AddSingleton<LastPublishGauge>();
        return services;
    }

    public static IEndpointRouteBuilder MapIngestionMetrics(this IEndpointRouteBuilder endpoints)
    {
        var metrics = endpoints.ServiceProvider.GetRequiredService<IngestionMetrics>();
        var gauge = endpoints.ServiceProvider.GetRequiredService<LastPublishGauge>();
        metrics.Registry.AddBeforeCollectCallback(gauge.UpdateAsync);
        endpoints.MapMetrics(Path, metrics.Registry);
        return endpoints;
    }
}
