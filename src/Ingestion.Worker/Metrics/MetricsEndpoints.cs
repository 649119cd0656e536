using Ingestion.Core.Pipeline;
using Ingestion.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Ingestion.Worker.Metrics;

/// <summary><c>/metrics</c> in Prometheus text, from the worker's own registry.</summary>
public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    /// <summary>
    /// The metrics, the run observer that feeds them, and the scrape-time last-publish gauge, for the datasets
    /// named by a <see cref="MeteredDatasets"/> the caller registers.
    /// </summary>
    public static IServiceCollection AddIngestionMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(BuildInfo.Of(typeof(MetricsEndpoints).Assembly));
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
