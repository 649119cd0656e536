using System.Text;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Cli;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.Tracing;

/// <summary>
/// The real executable sends its spans where the standard OpenTelemetry variables say (that nothing is traced
/// without them is <see cref="Hosting.TracingSetupTests"/>'s). OTLP/protobuf writes span names and attribute values as plain UTF-8, so the bodies are searched for them.
/// </summary>
public sealed class OtlpExportTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly FakeUnhcrApi _api = new();
    private readonly FakeOtlpCollector _collector = new();

    public async ValueTask InitializeAsync()
    {
        await _api.StartAsync(TestContext.Current.CancellationToken);
        await _collector.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Ingest_OtlpEndpointSet_ExportsTheRunsSpansOverHttpProtobuf()
    {
        var environment = CliEnvironment.For(await server.MigratedAsync("otlp"), _api);
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Endpoint.ToString();
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_SERVICE_NAME"] = "ingestion-under-test";

        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(environment, TestContext.Current.CancellationToken, "ingest", "unhcr.unrwa");

        Assert.True(exitCode == 0, stderr);
        var exported = string.Join('\n', _collector.Exports.Select(Encoding.UTF8.GetString));
        foreach (var expected in new[]
        {
            "ingestion-under-test", "ingestion.run", "ingestion.fetch_page", "ingestion.parse", "ingestion.stage",
            "ingestion.diff", "ingestion.gate", "ingestion.publish", "unhcr.unrwa", "published",
        })
        {
            Assert.Contains(expected, exported, StringComparison.Ordinal);
        }
    }
}
