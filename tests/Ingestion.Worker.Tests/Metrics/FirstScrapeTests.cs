using Ingestion.Sources;
using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Hosting;
using Ingestion.Worker.Metrics;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.Metrics;

/// <summary>
/// <c>/metrics</c> of a worker that has run nothing yet: every dataset's series are already there, at zero
/// (NaN for the age of a publish that never happened), and the build is named.
/// </summary>
public sealed class FirstScrapeTests(PostgresServerFixture server)
{
    private static readonly string[] Statuses = ["published", "unchanged", "quarantined", "failed", "skipped"];

    [Fact]
    public async Task Metrics_FreshWorker_EveryDatasetSeriesPresentAtZero()
    {
        var settings = WorkerSettings.InMemory();
        settings["Ingestion:Datasets:unhcr_unrwa:Enabled"] = "false";
        await using var host = await TestWorkerHost.StartAsync(await server.MigratedAsync("firstscrape"), settings);

        var samples = await ScrapeAsync(host);

        Assert.Equal(11, Publishers.Catalog.All.Count);
        foreach (var name in Publishers.Catalog.Names)
        {
            var dataset = $"dataset=\"{name}\"";
            foreach (var status in Statuses)
            {
                Assert.Equal(0, samples[$$"""ingestion_runs_total{{{dataset}},status="{{status}}"}"""]);
            }

            Assert.Equal(0, samples[$"ingestion_run_duration_seconds_count{{{dataset}}}"]);
            Assert.Equal(0, samples[$"ingestion_run_duration_seconds_sum{{{dataset}}}"]);
            Assert.Equal(0, samples[$$"""ingestion_run_duration_seconds_bucket{{{dataset}},le="+Inf"}"""]);
            Assert.Equal(0, samples[$"ingestion_rows_read_total{{{dataset}}}"]);
            Assert.Equal(0, samples[$"ingestion_http_retries_total{{{dataset}}}"]);
            Assert.Equal(0, samples[$"ingestion_last_publish_timestamp_seconds{{{dataset}}}"]);
            Assert.True(double.IsNaN(samples[$"ingestion_seconds_since_last_publish{{{dataset}}}"]), name);
            Assert.Equal(name == "unhcr.unrwa" ? 0 : 1, samples[$"ingestion_dataset_enabled{{{dataset}}}"]);
        }

        Assert.Equal(Publishers.Catalog.All.Count * Statuses.Length, samples.Keys.Count(k => k.StartsWith("ingestion_runs_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Metrics_FreshWorker_BuildInfoNamesVersionCommitAndFramework()
    {
        await using var host = await TestWorkerHost.StartAsync(await server.MigratedAsync("firstscrape"), WorkerSettings.InMemory());
        var build = BuildInfo.Of(typeof(IngestionMetrics).Assembly);

        var samples = await ScrapeAsync(host);

        var info = Assert.Single(samples, s => s.Key.StartsWith("ingestion_build_info{", StringComparison.Ordinal));
        Assert.Equal(
            $$"""ingestion_build_info{version="{{build.Version}}",commit="{{build.Commit}}",framework="{{build.Framework}}"}""",
            info.Key);
        Assert.Equal(1, info.Value);
        Assert.StartsWith(".NET 10.", build.Framework, StringComparison.Ordinal);
        Assert.NotEmpty(build.Version);
    }

    private static async Task<Dictionary<string, double>> ScrapeAsync(TestWorkerHost host)
    {
        using var response = await host.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
