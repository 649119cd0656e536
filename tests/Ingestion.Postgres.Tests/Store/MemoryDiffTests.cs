using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>
/// A release held in memory is diffed by matching keys and row hashes in the process (MemoryDiff); one too large for
/// memory by the staging table's full join. Both must find the same changes and write the same versions.
/// </summary>
public sealed class MemoryDiffTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task PublishAsync_ReleaseInMemoryOrStaged_SameChangesAndSameVersions()
    {
        var ct = TestContext.Current.CancellationToken;
        var inMemory = Stores.Create(database.DataSource);
        var staged = Stores.Create(database.DataSource);
        staged.StageAfter(1);
        var first = SyntheticRows.Grid(2000, 2004, 10);
        var second = first
            .Where(r => !(r.Period == 2004 && r.Key[0] == "C07"))
            .Select(r => r.Period == 2002 && r.Key[0] == "C03" ? SyntheticRows.Row(2002, 3, 555) : r)
            .Select(r => r.Period == 2001 && r.Key[0] == "C05" ? r with { Attributes = ["U05", "Renamed origin", "V05", "Asylum 5"] } : r)
            .Concat([SyntheticRows.Row(2005, 0, 7), SyntheticRows.Row(2005, 1, null)])
            .ToList();

        var results = new List<(RunStatus, long, long, long)>();
        foreach (var (store, dataset) in new[] { (inMemory, UnhcrDatasets.Idmc), (staged, UnhcrDatasets.Unrwa) })
        {
            await store.PublishAsync(dataset, first, ct);
            var result = await store.PublishAsync(dataset, second, ct);
            results.Add((result.Status, result.Added, result.Revised, result.Removed));
        }

        Assert.Equal((RunStatus.Published, 2L, 2L, 1L), results[0]);
        Assert.Equal(results[0], results[1]);
        const string Current = "SELECT year, origin_iso, origin_name, total, snapshot_id = (SELECT max(snapshot_id) FROM ingestion.snapshots s WHERE s.dataset = '{0}') FROM stats.{1} ORDER BY 1, 2";
        var idmc = await database.DataSource.RowsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Current, "unhcr.idmc", "unhcr_idmc"));
        Assert.Equal(idmc, await database.DataSource.RowsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Current, "unhcr.unrwa", "unhcr_unrwa")));
        Assert.Equal(5 * 10 - 1 + 2, idmc.Count);
        Assert.Equal(555L, await database.DataSource.ScalarAsync<long>("SELECT total FROM stats.unhcr_idmc WHERE year = 2002 AND origin_iso = 'C03'"));
        Assert.Equal("Renamed origin", await database.DataSource.ScalarAsync<string>("SELECT origin_name FROM stats.unhcr_idmc WHERE year = 2001 AND origin_iso = 'C05'"));
        Assert.Equal(0L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_idmc WHERE year = 2004 AND origin_iso = 'C07'"));
        const string Changes = "SELECT change, count(DISTINCT (year, origin_iso, asylum_iso)) FROM stats.revisions WHERE dataset = '{0}' AND snapshot_id = (SELECT max(snapshot_id) FROM ingestion.snapshots s WHERE s.dataset = '{0}') GROUP BY 1 ORDER BY 1";
        var changes = await database.DataSource.RowsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Changes, "unhcr.idmc"));
        Assert.Equal(changes, await database.DataSource.RowsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Changes, "unhcr.unrwa")));
        Assert.Equal(3, changes.Count);
    }

    [Fact]
    public async Task PublishAsync_InMemoryRowUnderAnotherHashWithSameContent_IsUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var rows = SyntheticRows.Grid(2010, 2011, 4);
        await store.PublishAsync(UnhcrDatasets.Solutions, rows.Select(r => r with { Measures = [1, 2, 3, 4] }), ct);
        // As an older form of the row hash would have left it: same content, different hash bytes (and length).
        await database.DataSource.ScalarAsync<int>(
            "WITH u AS (UPDATE ingestion.versions SET row_hash = '\\x00'::bytea || row_hash WHERE dataset = 'unhcr.solutions' RETURNING 1) SELECT count(*)::int FROM u");
        await database.DataSource.ScalarAsync<int>("UPDATE ingestion.snapshots SET content_sha256 = 'older' WHERE dataset = 'unhcr.solutions' RETURNING 0");

        var again = await store.PublishAsync(UnhcrDatasets.Solutions, rows.Select(r => r with { Measures = [1, 2, 3, 4] }), ct);

        Assert.Equal((RunStatus.Unchanged, 0L, 0L, 0L), (again.Status, again.Added, again.Revised, again.Removed));
        Assert.Equal(8L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM ingestion.versions WHERE dataset = 'unhcr.solutions'"));
    }
}
