using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Core.Validation;
using Ingestion.Postgres.Store;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>A run's diff stays inside its year scope: a 2000–2010 backfill never touches 2011.</summary>
public sealed class ScopedPublishTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DatasetDescriptor Idmc = UnhcrDatasets.Idmc;

    [Fact]
    public async Task PublishAsync_ScopedBackfillWithFewerRows_TouchesNothingOutsideScope()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var full = await store.PublishAsync(Idmc, SyntheticRows.Grid(1995, 2015, 20), ct);
        var outsideBefore = await database.DataSource.RowsAsync("SELECT year, origin_iso, total, snapshot_id FROM stats.unhcr_idmc WHERE year NOT BETWEEN 2000 AND 2010 ORDER BY 1, 2");

        // 2000–2010 again: one pair revised in 2005, one pair gone from 2010; 2011–2015 and 1995–1999 are simply not sent.
        var backfill = SyntheticRows.Grid(2000, 2010, 20)
            .Where(r => !(r.Year == 2010 && r.Origin == "C07"))
            .Select(r => r.Year == 2005 && r.Origin == "C03" ? SyntheticRows.Row(2005, 3, 555) : r)
            .ToList();
        var result = await store.PublishAsync(Idmc, backfill, ct, YearScope.Between(2000, 2010));

        Assert.Equal((RunStatus.Published, 0L, 1L, 1L), (result.Status, result.Added, result.Revised, result.Removed));
        Assert.Equal(outsideBefore, await database.DataSource.RowsAsync("SELECT year, origin_iso, total, snapshot_id FROM stats.unhcr_idmc WHERE year NOT BETWEEN 2000 AND 2010 ORDER BY 1, 2"));
        Assert.Equal(21 * 20 - 1, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_idmc"));
        Assert.Equal(555L, await database.DataSource.ScalarAsync<long>("SELECT total FROM stats.unhcr_idmc WHERE year = 2005 AND origin_iso = 'C03'"));
        Assert.Equal(full.SnapshotId, await database.DataSource.ScalarAsync<long>("SELECT snapshot_id FROM stats.unhcr_idmc WHERE year = 2005 AND origin_iso = 'C04'"));
        var snapshot = (await store.ListSnapshotsAsync(Idmc.Name, 1, ct))[0];
        Assert.Equal((2000, 2010, 219L), (snapshot.YearFrom!.Value, snapshot.YearTo!.Value, snapshot.RowCount));

        var same = await store.PublishAsync(Idmc, backfill, ct, YearScope.Between(2000, 2010));
        Assert.Equal(RunStatus.Unchanged, same.Status);
    }

    [Fact]
    public async Task StageAsync_RowOutsideScope_FailsNamingTheRow()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            store.PublishAsync(UnhcrDatasets.Unrwa, SyntheticRows.Grid(2010, 2011, 2), ct, YearScope.Between(2000, 2010)));

        Assert.Contains("2 rows outside the run's scope (2000..2010)", error.Message, StringComparison.Ordinal);
        Assert.Contains("2011/C00/A00", error.Message, StringComparison.Ordinal);
        var run = (await store.ListRunsAsync(UnhcrDatasets.Unrwa.Name, 1, ct))[0];
        Assert.Equal(RunStatus.Failed, run.Status);
    }

    [Fact]
    public async Task StageAsync_DuplicateKey_FailsNamingTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var rows = SyntheticRows.Grid(2000, 2000, 3);
        rows.Add(SyntheticRows.Row(2000, 1, 7));

        var error = await Assert.ThrowsAsync<ValidationException>(() => store.PublishAsync(UnhcrDatasets.Unrwa, rows, ct));

        Assert.Contains("1 duplicate keys (e.g. 2000/C01/A01)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_MoreRowsThanStagingBuffer_CopiesAllAndDiffs()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var rows = SyntheticRows.Grid(1950, 2025, 2000);
        Assert.True(rows.Count > StagingTable.BufferLimit);
        await store.PublishAsync(UnhcrDatasets.Solutions, rows.Select(r => r with { Measures = [1, 2, 3, 4] }), ct);

        var revised = await store.PublishAsync(UnhcrDatasets.Solutions, rows.Select(r => r with { Measures = [1, 2, 3, r.Year == 2025 ? 5 : 4] }), ct);

        Assert.Equal((RunStatus.Published, 152_000L, 0L, 2000L, 0L), (revised.Status, revised.RowCount, revised.Added, revised.Revised, revised.Removed));
        Assert.Equal(152_000L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_solutions"));
    }
}
