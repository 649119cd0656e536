using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.Cli;

/// <summary><c>backfill</c> in chunks through the real executable: progress in order, one snapshot per chunk, resume after a failed chunk.</summary>
public sealed class BackfillCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly FakeUnhcrApi _api = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Backfill_FailedChunk_StopsThenResumeSkipsDoneChunks()
    {
        var ct = TestContext.Current.CancellationToken;
        // The second chunk (2005-2009) is refused by the API: the backfill must stop there, naming it.
        var refuseSecondChunk = true;
        _api.Inject(FakeFault.Status(404), times: 1000, when: r => refuseSecondChunk && r.Query.Contains("yearFrom=2005", StringComparison.Ordinal));
        var environment = CliEnvironment.For(database.ConnectionString, _api);

        var (firstExit, _, firstErr) = await IngestionProcess.RunAsync(
            environment, ct, "backfill", "unhcr.solutions", "--from", "2000", "--to", "2014", "--chunk", "5");

        Assert.Equal(1, firstExit);
        Assert.Equal(
            ["chunk 1/3 2000-2004 started", "chunk 1/3 2000-2004 published", "chunk 2/3 2005-2009 started", "chunk 2/3 2005-2009 failed"],
            ProgressEvents(firstErr));
        Assert.Contains("backfill of unhcr.solutions stopped at chunk 2 of 3 (2005..2009) failed", firstErr, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM ingestion.snapshots WHERE dataset = 'unhcr.solutions'", ct));

        refuseSecondChunk = false;
        var (secondExit, secondOut, secondErr) = await IngestionProcess.RunAsync(
            CliEnvironment.For(database.ConnectionString, _api), ct, "backfill", "unhcr.solutions", "--from", "2000", "--to", "2014", "--chunk", "5");

        Assert.True(secondExit == 0, secondErr);
        Assert.Equal(
            ["chunk 1/3 2000-2004 skipped (already current)", "chunk 2/3 2005-2009 started", "chunk 2/3 2005-2009 published",
             "chunk 3/3 2010-2014 started", "chunk 3/3 2010-2014 published"],
            ProgressEvents(secondErr));
        Assert.Contains("1 chunk(s) skipped: already current.", secondOut, StringComparison.Ordinal);
        Assert.Equal(3L, await ScalarAsync("SELECT count(*) FROM ingestion.snapshots WHERE dataset = 'unhcr.solutions' AND status = 'published'", ct));
        Assert.Equal(
            await ScalarAsync("SELECT count(*) FROM stats.unhcr_solutions", ct),
            await ScalarAsync("SELECT sum(row_count) FROM ingestion.snapshots WHERE dataset = 'unhcr.solutions'", ct) is decimal total ? (long)total : -1L);
    }

    [Fact]
    public async Task Backfill_AfterADryRun_RunsEveryChunkForReal()
    {
        var ct = TestContext.Current.CancellationToken;
        var environment = CliEnvironment.For(database.ConnectionString, _api);
        string[] backfill = ["backfill", "unhcr.unrwa", "--from", "2000", "--to", "2009", "--chunk", "5"];

        var dryRun = await IngestionProcess.RunAsync(environment, ct, [.. backfill, "--dry-run"]);
        var real = await IngestionProcess.RunAsync(environment, ct, backfill);

        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.True(real.ExitCode == 0, real.Stderr);
        Assert.DoesNotContain("skipped", string.Join('\n', ProgressEvents(real.Stderr)), StringComparison.Ordinal);
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM ingestion.snapshots WHERE dataset = 'unhcr.unrwa' AND status = 'published'", ct));
    }

    [Fact]
    public async Task Backfill_Enqueue_StoresOneOffJobInTheClusterAndReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        var environment = CliEnvironment.For(database.ConnectionString, _api);
        environment["Ingestion__Scheduler__Clustered"] = "true";

        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(
            environment, ct, "backfill", "unhcr.idmc", "--from", "2000", "--to", "2010", "--chunk", "4", "--enqueue");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Enqueued backfill of unhcr.idmc 2000-2010 in chunks of 4 years", stdout, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM quartz.qrtz_job_details WHERE job_group = 'backfill'", ct));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM ingestion.runs WHERE dataset = 'unhcr.idmc'", ct));
    }

    [Fact]
    public async Task Backfill_EnqueueWithoutClusteredScheduler_Exits2NamingTheKey()
    {
        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(
            CliEnvironment.For(database.ConnectionString, _api), TestContext.Current.CancellationToken,
            "backfill", "unhcr.idmc", "--from", "2000", "--to", "2010", "--enqueue");

        Assert.Equal(2, exitCode);
        Assert.Contains("Ingestion:Scheduler:Clustered", stderr, StringComparison.Ordinal);
    }

    /// <summary>The chunk events in the order printed (fetch progress lines are rate-limited, so they are left out).</summary>
    private static List<string> ProgressEvents(string stderr) => stderr
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(l => l.StartsWith("chunk ", StringComparison.Ordinal) && !l.Contains(" fetching:", StringComparison.Ordinal))
        .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)])
        .ToList();

    private Task<object?> ScalarAsync(string sql, CancellationToken ct) => Sql.ScalarAsync(database.ConnectionString, sql, ct);
}
