using Ingestion.Core.Runs;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.Failover;

/// <summary>
/// A database restart (<c>pg_ctl restart -m fast</c> of a server of this class's own) in the middle of a run does not
/// cost the run: it resumes as the same run, reads the pages it archived instead of fetching them again, and ends
/// published with exactly one snapshot; the run row counts its database retries. The restart is triggered at a known
/// moment: when the fake API is asked for page 3 (pages 1 and 2 archived), or while the publish transaction is open.
/// </summary>
public sealed class DatabaseFailoverTests(RestartablePostgres postgres) : IClassFixture<RestartablePostgres>, IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private readonly FakeUnhcrApi _api = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task RunAsync_DatabaseRestartsDuringFetch_SameRunPublishesWithoutRefetchingArchivedPages()
    {
        await using var run = FailoverRun.Create(await postgres.CreateMigratedDatabaseAsync("fetch"), _api, Budget);
        var restarts = RestartWhenPageRequested(3);

        var outcome = await run.RunAsync();

        await AssertPublishedOnceAsync(run, outcome, restarts);
    }

    [Fact]
    public async Task RunAsync_DatabaseRestartsWhileRowsAreCopiedIntoStaging_StagingRebuiltAndSameRunPublishes()
    {
        await using var run = FailoverRun.Create(await postgres.CreateMigratedDatabaseAsync("staging"), _api, Budget);
        run.Store.StageAfter(100); // COPY into the run's temp table starts on page 1 and is open when page 3 is requested
        var restarts = RestartWhenPageRequested(3);

        var outcome = await run.RunAsync();

        await AssertPublishedOnceAsync(run, outcome, restarts);
    }

    [Fact]
    public async Task RunAsync_DatabaseRestartsWhilePublishTransactionIsOpen_NotCommittedSoRetriedAndPublishedOnce()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("publish");
        await using var run = FailoverRun.Create(connectionString, _api, Budget);
        // The first snapshot INSERT waits inside the publish transaction (a sequence, not rolled back, makes it once).
        await run.RowsAsync("""
            CREATE SEQUENCE public.publish_hook;
            CREATE FUNCTION public.hold_first_publish() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('public.publish_hook') = 1 THEN PERFORM pg_sleep(120); END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER hold_first_publish BEFORE INSERT ON ingestion.snapshots FOR EACH ROW EXECUTE FUNCTION public.hold_first_publish();
            """);

        var running = run.RunAsync();
        await Eventually.TrueAsync(
            async () => (await run.RowsAsync("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'"))[0] == "1",
            TimeSpan.FromSeconds(60));
        await postgres.RestartAsync();
        var outcome = await running;

        await AssertPublishedOnceAsync(run, outcome, restarts: new RestartCount { Value = 1 });
    }

    private RestartCount RestartWhenPageRequested(int page)
    {
        var restarts = new RestartCount();
        _api.BeforeServing = async request =>
        {
            if (request.Limit == FailoverRun.PageSize && request.Page == page && Interlocked.Increment(ref restarts.Value) == 1)
            {
                await postgres.RestartAsync();
            }
        };
        return restarts;
    }

    private static async Task AssertPublishedOnceAsync(FailoverRun run, Core.Pipeline.RunOutcome outcome, RestartCount restarts)
    {
        Assert.Equal(1, Volatile.Read(ref restarts.Value));
        Assert.Equal((RunStatus.Published, (string?)null, FailoverRun.Pages, (long)FailoverRun.Rows), (outcome.Status, outcome.Error, outcome.Pages, outcome.RowsRead));
        Assert.True(outcome.DatabaseRetries > 0, "the run counted no database retry");
        Assert.Equal([1, 2, 3, 4, 5], run.PageRequests()); // each page fetched once: the resumed attempt read 1..n from the archive
        Assert.Equal(
            [$"{outcome.RunId}|published|{outcome.SnapshotId}|{outcome.DatabaseRetries}|{FailoverRun.Pages}|{FailoverRun.Rows}"],
            await run.RowsAsync("SELECT run_id, status, snapshot_id, db_retries, pages, rows_read FROM ingestion.runs"));
        Assert.Equal(
            [$"{outcome.SnapshotId}|published|{outcome.RunId}|{FailoverRun.Rows}"],
            await run.RowsAsync("SELECT snapshot_id, status, run_id, row_count FROM ingestion.snapshots"));
        Assert.Equal([$"{FailoverRun.Rows}"], await run.RowsAsync("SELECT count(*) FROM stats.unhcr_idmc"));
    }

    /// <summary>How many times the hook fired (a class, so the hook and the assertion share it).</summary>
    private sealed class RestartCount
    {
        public int Value;
    }
}
