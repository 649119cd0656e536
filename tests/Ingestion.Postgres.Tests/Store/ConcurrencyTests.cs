using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;
using Npgsql;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>One run per dataset at a time, runs of different datasets in parallel, and a killed publish leaves nothing behind.</summary>
public sealed class ConcurrencyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static RunRequest Manual(DatasetDescriptor dataset) => new(dataset, RunTrigger.Manual, YearScope.All);

    [Fact]
    public async Task PublishAsync_ConnectionKilledInsideTransaction_LeavesStateAndSnapshotsAsBefore()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.Population;
        await store.PublishAsync(dataset, TwoReleasesDatabase.MidYear2025, ct);
        var viewBefore = await ChinaByYearAsync();
        var snapshotsBefore = await store.ListSnapshotsAsync(dataset.Name, 10, ct);

        var session = (await store.TryBeginRunAsync(Manual(dataset), ct))!;
        await using (var blocker = await PublishBlocker.HoldAsync(database.DataSource, session.RunId))
        {
            var publish = session.CompleteAsync(dataset, TwoReleasesDatabase.YearEnd2025, ct);
            await blocker.WaitUntilPublishIsPausedAsync();
            Assert.True(await database.DataSource.ScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", ("pid", blocker.RunBackendPid)));
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => publish);
        }

        Assert.Equal(viewBefore, await ChinaByYearAsync());
        Assert.Equal(snapshotsBefore, await store.ListSnapshotsAsync(dataset.Name, 10, ct));
        Assert.Equal(138_826L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM ingestion.versions WHERE dataset = 'unhcr.population'"));
        Assert.Equal(1, await store.MarkAbandonedRunsAsync(ct));
        Assert.Equal(RunStatus.Abandoned, (await store.GetRunAsync(session.RunId, ct))!.Status);
        await session.DisposeAsync();
        Assert.Equal(RunStatus.Abandoned, (await store.GetRunAsync(session.RunId, ct))!.Status);
    }

    [Fact]
    public async Task TryBeginRunAsync_SameDatasetWhileRunning_RecordsSkippedAndReturnsNull()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var other = Stores.Create(NpgsqlDataSource.Create(database.ConnectionString));

        await using (var first = await store.TryBeginRunAsync(Manual(UnhcrDatasets.Idmc), ct))
        {
            Assert.NotNull(first);
            var second = await other.TryBeginRunAsync(Manual(UnhcrDatasets.Idmc), ct);

            Assert.Null(second);
            var skipped = (await store.ListRunsAsync(UnhcrDatasets.Idmc.Name, 1, ct))[0];
            Assert.Equal(RunStatus.Skipped, skipped.Status);
            Assert.Equal("Another run of unhcr.idmc is in progress; skipped.", skipped.Error);
            Assert.NotNull(skipped.FinishedAt);
            await first!.FailAsync("test over", new FetchStatistics(), ct);
        }

        await using var third = await other.TryBeginRunAsync(Manual(UnhcrDatasets.Idmc), ct);
        Assert.NotNull(third);
    }

    [Fact]
    public async Task PublishAsync_TwoDatasetsAtOnce_BothPublish()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        await using var a = (await store.TryBeginRunAsync(Manual(UnhcrDatasets.Unrwa), ct))!;
        await using var b = (await store.TryBeginRunAsync(Manual(UnhcrDatasets.Solutions), ct))!;

        var results = await Task.WhenAll(
            a.CompleteAsync(UnhcrDatasets.Unrwa, SyntheticRows.Grid(2000, 2001, 3), ct),
            b.CompleteAsync(UnhcrDatasets.Solutions, SyntheticRows.Grid(2000, 2000, 4).Select(r => r with { Measures = [1, 2, 3, 4] }), ct));

        Assert.Equal([(RunStatus.Published, 6L), (RunStatus.Published, 4L)], results.Select(r => (r.Status, r.Added)));
    }

    [Fact]
    public async Task TryBeginRunAsync_PreviousRunsBackendGone_MarksItAbandoned()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dead = (await store.TryBeginRunAsync(Manual(UnhcrDatasets.Countries), ct))!;
        var pid = await database.DataSource.ScalarAsync<int>("SELECT backend_pid FROM ingestion.runs WHERE run_id = @id", ("id", dead.RunId));
        await database.DataSource.ScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", ("pid", pid));
        await WaitForBackendExitAsync(pid);

        await using var next = await store.TryBeginRunAsync(Manual(UnhcrDatasets.Countries), ct);

        Assert.NotNull(next);
        var abandoned = (await store.GetRunAsync(dead.RunId, ct))!;
        Assert.Equal((RunStatus.Abandoned, "The process running it ended before the run finished."), (abandoned.Status, abandoned.Error));
        await dead.DisposeAsync();
    }

    private async Task WaitForBackendExitAsync(int pid)
    {
        while (await database.DataSource.ScalarAsync<bool>("SELECT EXISTS (SELECT FROM pg_stat_activity WHERE pid = @pid)", ("pid", pid)))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private Task<List<string>> ChinaByYearAsync() => database.DataSource.RowsAsync("""
        SELECT year, sum(asylum_seekers), max(snapshot_id) FROM stats.unhcr_population WHERE origin_iso = 'CHN' GROUP BY year ORDER BY year
        """);
}
