using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>
/// The current row count `ingestion datasets` and the status page show is stored with each snapshot (its base's count
/// plus added minus removed); it must equal the current versions through scoped releases, removals and an approve.
/// </summary>
public sealed class DatasetStateTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ListDatasetStatesAsync_AfterScopedReleasesRemovalsAndApprove_CountsTheCurrentRows()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.Idmc;
        var counts = new List<(long Stored, long Counted)>();
        async Task Record() => counts.Add((
            (await store.ListDatasetStatesAsync(ct)).Single(s => s.Dataset == dataset.Name).CurrentRowCount,
            await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_idmc")));

        await store.PublishAsync(dataset, SyntheticRows.Grid(2000, 2009, 10), ct, new YearScope(2000, 2009));
        await Record();
        await store.PublishAsync(dataset, SyntheticRows.Grid(2010, 2012, 4), ct, new YearScope(2010, 2012));
        await Record();
        var fewer = SyntheticRows.Grid(2000, 2009, 10).Where(r => !(r.Period == 2003 && r.Key[0] == "C09")).ToList();
        Assert.Equal(RunStatus.Published, (await store.PublishAsync(dataset, fewer, ct, new YearScope(2000, 2009))).Status);
        await Record();
        var halved = await store.PublishAsync(dataset, SyntheticRows.Grid(2010, 2012, 2), ct, new YearScope(2010, 2012));
        Assert.Equal(RunStatus.Quarantined, halved.Status);
        await Record();
        Assert.True((await store.ApproveAsync(halved.SnapshotId!.Value, ct)).Done);
        await Record();

        Assert.Equal([(100L, 100L), (112L, 112L), (111L, 111L), (111L, 111L), (105L, 105L)], counts);
    }

    [Fact]
    public async Task ListDatasetStatesAsync_SnapshotFromBeforeTheStoredCount_CountsTheVersionsAndNoneWithoutSnapshot()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.Unrwa;
        await store.PublishAsync(dataset, SyntheticRows.Grid(2000, 2004, 6), ct);
        await database.DataSource.ScalarAsync<long>(
            "WITH cleared AS (UPDATE ingestion.snapshots SET current_rows = NULL WHERE dataset = 'unhcr.unrwa' RETURNING 1) SELECT count(*) FROM cleared");

        var states = await store.ListDatasetStatesAsync(ct);

        Assert.Equal(30L, states.Single(s => s.Dataset == dataset.Name).CurrentRowCount);
        Assert.Equal((null, 0L), states.Where(s => s.Dataset == UnhcrDatasets.Countries.Name).Select(s => (s.CurrentSnapshotId, s.CurrentRowCount)).Single());
    }
}
