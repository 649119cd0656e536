using Ingestion.Core.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ingestion.Worker.Hosting;

/// <summary>
/// OpenTelemetry traces over OTLP, switched on by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: the run and
/// stage spans of the <c>Ingestion</c> source, the HTTP client's requests and Npgsql's commands. Unset, nothing
/// is registered (no tracer provider, no exporter), so the spans are never even created. The exporter reads
/// the other standard variables itself (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>, <c>_TIMEOUT</c>).
/// </summary>
public static class TracingSetup
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string DefaultServiceName = "ingestion";

    public static IServiceCollection AddIngestionTracing(this IServiceCollection services, IConfiguration configuration, BuildInfo build)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(build);
        if (string.IsNullOrWhiteSpace(configuration[EndpointKey]))
        {
            return services;
        }

        // AddService would override OTEL_SERVICE_NAME, so it is given the variable's value when set.
        var serviceName = configuration[ServiceNameKey] is { Length: > 0 } name ? name : DefaultServiceName;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: build.Version))
            .WithTracing(tracing => tracing
                .AddSource(IngestionActivitySource.Name)
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter());
        return services;
    }

    /// <summary>
    /// Builds the tracer provider, when tracing is on, in a host that is not started (the CLI verbs): under
    /// <c>run</c> a hosted service does it. Disposing the host flushes the spans.
    /// </summary>
    public static void StartTracing(this IServiceProvider services) => services.GetService<TracerProvider>();
}
