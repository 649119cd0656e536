using System.Net;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.StatusPage;

/// <summary><c>Ingestion:Host:StatusPage=false</c>: the page's paths answer 404, the other endpoints are still served.</summary>
public sealed class StatusPageSwitchTests(PostgresServerFixture server)
{
    [Fact]
    public async Task StatusPageFalse_PagesRequested_404AndHealthStillServed()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = WorkerSettings.InMemory();
        settings["Ingestion:Host:StatusPage"] = "false";
        await using var host = await TestWorkerHost.StartAsync(await server.MigratedAsync("statusoff"), settings);

        foreach (var path in new[] { "/", "/datasets/unhcr.population", "/snapshots/1" })
        {
            using var response = await host.Http.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var live = await host.Http.GetAsync("/health/live", ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task StatusPageDefault_Overview_ServedAsHtml()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await TestWorkerHost.StartAsync(await server.MigratedAsync("statuson"), WorkerSettings.InMemory());

        using var response = await host.Http.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<table id=\"datasets\">", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
