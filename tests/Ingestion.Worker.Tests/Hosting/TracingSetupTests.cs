using Ingestion.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ingestion.Worker.Tests.Hosting;

/// <summary>Tracing is on exactly when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and names the service as ops asked.</summary>
public sealed class TracingSetupTests
{
    private static readonly BuildInfo Build = new("1.2.3", "abc", ".NET 10.0.0");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AddIngestionTracing_NoEndpoint_RegistersNoTracerProvider(string? endpoint)
    {
        using var services = Services(new() { [TracingSetup.EndpointKey] = endpoint });

        Assert.Null(services.GetService<TracerProvider>());
    }

    [Fact]
    public void AddIngestionTracing_Endpoint_TracerProviderNamedIngestionWithTheBuildsVersion()
    {
        using var services = Services(new() { [TracingSetup.EndpointKey] = "http://127.0.0.1:4317" });

        var attributes = Attributes(services);

        Assert.Equal("ingestion", attributes["service.name"]);
        Assert.Equal("1.2.3", attributes["service.version"]);
    }

    [Fact]
    public void AddIngestionTracing_ServiceNameSet_UsesIt()
    {
        using var services = Services(new()
        {
            [TracingSetup.EndpointKey] = "http://127.0.0.1:4317",
            [TracingSetup.ServiceNameKey] = "ingestion-eu",
        });

        Assert.Equal("ingestion-eu", Attributes(services)["service.name"]);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddIngestionTracing(configuration, Build).BuildServiceProvider();
    }

    private static Dictionary<string, object> Attributes(ServiceProvider services)
    {
        var provider = services.GetService<TracerProvider>();
        Assert.NotNull(provider);
        return provider.GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
    }
}
