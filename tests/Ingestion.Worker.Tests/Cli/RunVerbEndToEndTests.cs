using Ingestion.Sources.Unhcr;
using System.Globalization;
using Ingestion.Core.Model;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Hosting;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>
/// The worker as ops run it: <c>ingestion run</c> in its own process, its Quartz schedule firing the real pipeline
/// against the fake API; metrics count the run; SIGTERM during a later run cancels it cleanly within the timeout.
/// </summary>
public sealed class RunVerbEndToEndTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly FakeUnhcrApi _api = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Run_ScheduledDataset_PublishesCountsMetricsAndCancelsOnSigterm()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        var environment = CliEnvironment.For(database.ConnectionString, _api);
        environment["Ingestion__Scheduler__Clustered"] = "true";
        environment["Ingestion__Host__Port"] = port.ToString(CultureInfo.InvariantCulture);
        environment["Ingestion__Host__ShutdownTimeout"] = "00:00:15";
        environment["Ingestion__Sources__Unhcr__AttemptTimeout"] = "00:03:00";
        environment["Ingestion__Datasets__unhcr_unrwa__Schedule"] = "0/2 * * * * ?";
        foreach (var other in UnhcrDatasets.All.Where(d => d != UnhcrDatasets.Unrwa))
        {
            environment[$"Ingestion__Datasets__{other.Name.Replace('.', '_')}__Enabled"] = "false";
        }

        // From the second run on (each run starts with a one-row probe), every unrwa request hangs: the schedule fires
        // every 2 s, and a second run finishing before the scrape would add to the counters asserted below. The hanging
        // run is the one stopped later.
        var probes = 0;
        var secondRunStarted = false;
        _api.Inject(FakeFault.Slow(TimeSpan.FromMinutes(2)), times: 100, when: r =>
            r.Endpoint == "unrwa" && (secondRunStarted |= r.Limit == 1 && ++probes > 1));
        await using var worker = IngestionProcess.Start(environment, "run");
        await WaitUntilAsync("SELECT count(*) FROM ingestion.runs WHERE dataset = 'unhcr.unrwa' AND status = 'published'", ct);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var metrics = await http.GetStringAsync("/metrics", ct);
        Assert.Contains("ingestion_runs_total{dataset=\"unhcr.unrwa\",status=\"published\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ingestion_rows_read_total{dataset=\"unhcr.unrwa\"} 296", metrics, StringComparison.Ordinal);
        Assert.Equal(296L, await ScalarAsync("SELECT count(*) FROM stats.unhcr_unrwa", ct));

        // The next scheduled run hangs on the slow API; stopping the worker must cancel it and record why.
        await WaitUntilAsync("SELECT count(*) FROM ingestion.runs WHERE dataset = 'unhcr.unrwa' AND status = 'running'", ct);
        await worker.TerminateAsync();
        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.True(exitCode == 0, worker.StandardError);
        Assert.Equal("cancelled", await ScalarAsync("SELECT error FROM ingestion.runs WHERE dataset = 'unhcr.unrwa' ORDER BY run_id DESC LIMIT 1", ct));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM ingestion.runs WHERE status = 'running'", ct));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM ingestion.snapshots WHERE dataset = 'unhcr.unrwa'", ct));
    }

    private Task WaitUntilAsync(string countSql, CancellationToken ct) =>
        Eventually.TrueAsync(async () => (long)(await ScalarAsync(countSql, ct))! > 0, TimeSpan.FromSeconds(90));

    private Task<object?> ScalarAsync(string sql, CancellationToken ct) => Sql.ScalarAsync(database.ConnectionString, sql, ct);
}
