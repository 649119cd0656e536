using System.Text.Json;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;
using Npgsql;

namespace Ingestion.Worker.Tests.Cli;

/// <summary><c>ingest</c> end to end: the real executable, a real database, the real data served by the fake API over HTTP.</summary>
public sealed class IngestCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly FakeUnhcrApi _api = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Ingest_TwoDatasets_PublishesThemAndPrintsSummary()
    {
        var ct = TestContext.Current.CancellationToken;

        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(Environment(), ct, "ingest", "unhcr.idmc", "unhcr.unrwa");

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"unhcr\.idmc\s+published\s+\d+\s+934\s+0\s+0", stdout);
        Assert.Matches(@"unhcr\.unrwa\s+published\s+\d+\s+296\s+0\s+0", stdout);
        Assert.Equal(934L, await ScalarAsync("SELECT count(*) FROM stats.unhcr_idmc", ct));
        Assert.Equal(296L, await ScalarAsync("SELECT count(*) FROM stats.unhcr_unrwa", ct));

        var (again, againOut, _) = await IngestionProcess.RunAsync(Environment(), ct, "ingest", "unhcr.idmc", "--json");

        Assert.Equal(0, again);
        using var json = JsonDocument.Parse(againOut);
        var run = Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal("unhcr.idmc", run.GetProperty("dataset").GetString());
        Assert.Equal("unchanged", run.GetProperty("status").GetString());
        Assert.Equal(934, run.GetProperty("rows_read").GetInt64());
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM ingestion.snapshots WHERE dataset = 'unhcr.idmc'", ct));
    }

    /// <summary>Each test of this class uses its own datasets: they share one database and may run in any order.</summary>
    [Fact]
    public async Task Ingest_JsonLogs_EveryRunEventCarriesRunIdAndDatasetAndNoPassword()
    {
        var ct = TestContext.Current.CancellationToken;
        _api.Inject(FakeFault.Status(503), times: 1, when: r => r.Endpoint == "countries");

        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(Environment(), ct, "ingest", "unhcr.countries");

        Assert.True(exitCode == 0, stderr);
        var events = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();
        var runEvents = events
            .SkipWhile(e => !e.GetProperty("@mt").GetString()!.StartsWith("Run {RunId} of {Dataset} started", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(runEvents, e => e.GetProperty("@mt").GetString()!.Contains("Retrying", StringComparison.Ordinal));
        Assert.Contains(runEvents, e => e.GetProperty("@mt").GetString()!.Contains("ended {Status}", StringComparison.Ordinal));
        Assert.All(runEvents, e =>
        {
            Assert.Equal("unhcr.countries", e.GetProperty("Dataset").GetString());
            Assert.True(e.GetProperty("RunId").GetInt64() > 0);
        });
        var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password!;
        Assert.True(password.Length >= 8, "the test database needs a real password for this check");
        Assert.DoesNotContain(password, stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_DryRun_PublishesNothing()
    {
        var ct = TestContext.Current.CancellationToken;

        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(Environment(), ct, "ingest", "unhcr.solutions", "--dry-run");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Dry run: nothing was published.", stdout, StringComparison.Ordinal);
        Assert.Matches(@"unhcr\.solutions\s+\w+\s+-\s+21,258\s+0\s+0", stdout);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM ingestion.snapshots WHERE dataset = 'unhcr.solutions'", ct));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM stats.unhcr_solutions", ct));
    }

    [Fact]
    public async Task Ingest_ApiRefusesDataset_Exits1AndRecordsFailedRun()
    {
        var ct = TestContext.Current.CancellationToken;
        _api.Inject(FakeFault.Status(404), times: 100, when: r => r.Endpoint.Contains("asylum-decisions", StringComparison.Ordinal));

        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(Environment(), ct, "ingest", "unhcr.asylum_decisions");

        Assert.Equal(1, exitCode);
        Assert.Contains("ingestion: unhcr.asylum_decisions failed:", stderr, StringComparison.Ordinal);
        Assert.Contains("404", stderr, StringComparison.Ordinal);
        Assert.Equal("failed", await ScalarAsync("SELECT status FROM ingestion.runs WHERE dataset = 'unhcr.asylum_decisions' ORDER BY run_id DESC LIMIT 1", ct));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM ingestion.snapshots WHERE dataset = 'unhcr.asylum_decisions'", ct));
    }

    [Fact]
    public async Task Ingest_UnknownDataset_Exits2WithOneLine()
    {
        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(Environment(), TestContext.Current.CancellationToken, "ingest", "unhcr.nope");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("ingestion:", StringComparison.Ordinal));
        Assert.Contains("Unknown dataset 'unhcr.nope'", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from", "2000")]
    [InlineData("--to", "2000")]
    public async Task Ingest_OneYearBound_Exits2(string option, string year)
    {
        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(Environment(), TestContext.Current.CancellationToken, "ingest", "unhcr.idmc", option, year);

        Assert.Equal(2, exitCode);
        Assert.Contains("--from and --to go together", stderr, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment() => CliEnvironment.For(database.ConnectionString, _api);

    private Task<object?> ScalarAsync(string sql, CancellationToken ct) => Sql.ScalarAsync(database.ConnectionString, sql, ct);
}
