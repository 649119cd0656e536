using Ingestion.Sources.Unhcr;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Scheduling;
using Npgsql;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>A run in flight when the process is stopped (SIGTERM) or killed (SIGKILL) leaves nothing published and a truthful ledger.</summary>
public sealed class RunLifecycleTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly FakeUnhcrApi _api = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Ingest_SigtermDuringRun_RecordsCancelledAndPublishesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var process = await StartHeldRunAsync("unhcr.unrwa", "unrwa", ct);

        await process.TerminateAsync();
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(("failed", "cancelled"), await LatestRunAsync("unhcr.unrwa", ct));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM ingestion.snapshots WHERE dataset = 'unhcr.unrwa'", ct));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM stats.unhcr_unrwa", ct));
    }

    [Fact]
    public async Task Ingest_ProcessKilledMidRun_NextStartMarksItAbandonedAndRunsAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await KillMidRunAsync("unhcr.idmc", "idmc", ct);

        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(SlowEnvironment(), ct, "ingest", "unhcr.idmc");

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"unhcr\.idmc\s+published", stdout);
        Assert.Equal(
            ["abandoned", "published"],
            await Sql.ColumnAsync(database.ConnectionString, "SELECT status FROM ingestion.runs WHERE dataset = 'unhcr.idmc' ORDER BY run_id", ct));
        Assert.Equal(934L, await ScalarAsync("SELECT count(*) FROM stats.unhcr_idmc", ct));
    }

    [Fact]
    public async Task Run_WorkerStartsAfterAKilledRun_MarksItAbandoned()
    {
        var ct = TestContext.Current.CancellationToken;
        await KillMidRunAsync("unhcr.solutions", "solutions", ct);

        var environment = SlowEnvironment();
        var port = Ingestion.Testing.Hosting.FreePort.Next();
        environment["Ingestion__Host__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dataset in UnhcrDatasets.All)
        {
            environment[$"Ingestion__Datasets__{dataset.Name.Replace('.', '_')}__Enabled"] = "false";
        }

        await using var worker = IngestionProcess.Start(environment, "run");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.TrueAsync(async () => await WorkerHttp.IsReadyAsync(http), TimeSpan.FromSeconds(60));

        var (status, error) = await LatestRunAsync("unhcr.solutions", ct);
        Assert.Equal("abandoned", status);
        Assert.StartsWith("The process running it ended before the run finish", error, StringComparison.Ordinal);
        await worker.TerminateAsync();
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30), ct));
    }

    /// <summary>
    /// Starts <c>ingest</c> of one dataset with the fake API holding its first request, and returns once the run is
    /// in flight (its row is <c>running</c>), so the test can stop or kill the process mid-run.
    /// </summary>
    private async Task<IngestionProcess> StartHeldRunAsync(string dataset, string endpoint, CancellationToken ct)
    {
        _api.Inject(FakeFault.Slow(TimeSpan.FromMinutes(2)), times: 1, when: r => r.Endpoint == endpoint);
        var process = IngestionProcess.Start(SlowEnvironment(), "ingest", dataset);
        await WaitForRunningAsync(dataset, ct);
        return process;
    }

    /// <summary>SIGKILL during a run: the process records nothing, its run row stays <c>running</c>.</summary>
    private async Task KillMidRunAsync(string dataset, string endpoint, CancellationToken ct)
    {
        await using var killed = await StartHeldRunAsync(dataset, endpoint, ct);
        killed.Kill();
        await killed.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
    }

    /// <summary>Attempts long enough that the slow response is still pending when the test stops the process.</summary>
    private Dictionary<string, string> SlowEnvironment()
    {
        var environment = CliEnvironment.For(database.ConnectionString, _api);
        environment["Ingestion__Sources__Unhcr__AttemptTimeout"] = "00:03:00";
        environment["Ingestion__Sources__Unhcr__TotalTimeout"] = "00:05:00";
        return environment;
    }

    /// <summary>Until the process has a run in flight and the fake API is holding its request.</summary>
    private Task WaitForRunningAsync(string dataset, CancellationToken ct) => Eventually.TrueAsync(
        async () => _api.FaultsServed > 0
            && (long)(await ScalarAsync($"SELECT count(*) FROM ingestion.runs WHERE dataset = '{dataset}' AND status = 'running'", ct))! > 0,
        TimeSpan.FromSeconds(60));

    private async Task<(string, string?)> LatestRunAsync(string dataset, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT status, error FROM ingestion.runs WHERE dataset = @d ORDER BY run_id DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("d", dataset);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private Task<object?> ScalarAsync(string sql, CancellationToken ct) => Sql.ScalarAsync(database.ConnectionString, sql, ct);
}
