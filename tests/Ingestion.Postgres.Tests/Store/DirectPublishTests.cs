using Ingestion.Core.Runs;
using Ingestion.Core.Validation;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>
/// A first publish of a scope streams its rows into the versions before the run has decided anything
/// (DirectPublish): every ending but a publish must leave no version (and no unattached partition) behind, and a bad
/// batch must still fail with the validator's message, not the database's. A dataset's very first publish loads a
/// partition of its own, indexes it and attaches it with the snapshot.
/// </summary>
public sealed class DirectPublishTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task PublishAsync_FirstPublishWithDuplicateKey_FailsWithTheValidatorsMessageAndLeavesNoVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.Unrwa;
        var rows = SyntheticRows.Grid(2000, 2009, 10);
        rows.Add(SyntheticRows.Row(2009, 3, 7)); // 2009 C03 → A03 again: the streamed COPY would break the unique index

        var failure = await Assert.ThrowsAsync<ValidationException>(() => store.PublishAsync(dataset, rows, ct));

        Assert.Contains("1 duplicate keys", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM ingestion.versions WHERE dataset = 'unhcr.unrwa'"));
        Assert.True(await database.DataSource.ScalarAsync<bool>("SELECT to_regclass('ingestion.versions_unhcr_unrwa') IS NULL"));
        Assert.Empty(await store.ListSnapshotsAsync(dataset.Name, 5, ct));
        Assert.Equal(RunStatus.Failed, (await store.ListRunsAsync(dataset.Name, 1, ct))[0].Status);
    }

    [Fact]
    public async Task PublishAsync_FirstPublishThenSecondRelease_FirstStreamedSecondDiffedOnTopOfIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.Idmc;
        // Delivered newest pair first within each year: the streamed COPY puts them in key order itself.
        var first = SyntheticRows.Grid(2000, 2004, 40).OrderBy(r => r.Period).ThenByDescending(r => r.Key[0]).ToList();

        var published = await store.PublishAsync(dataset, first, ct);
        var revised = await store.PublishAsync(dataset, SyntheticRows.Grid(2000, 2004, 40, value: 101), ct);

        Assert.Equal((RunStatus.Published, 200L, 0L), (published.Status, published.Added, published.Revised));
        Assert.Equal((RunStatus.Published, 0L, 200L), (revised.Status, revised.Added, revised.Revised));
        Assert.Equal(
            [$"{published.SnapshotId}|200", $"{revised.SnapshotId}|200"],
            await database.DataSource.RowsAsync("SELECT valid_from, count(*) FROM ingestion.versions WHERE dataset = 'unhcr.idmc' GROUP BY 1 ORDER BY 1"));
        Assert.Equal(20_200m, await database.DataSource.ScalarAsync<decimal>("SELECT sum(total) FROM stats.unhcr_idmc"));
    }

    [Fact]
    public async Task PublishAsync_FirstPublishOfADataset_AttachesAPartitionOfItsOwnWithItsIndexesAndStatistics()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);

        var published = await store.PublishAsync(UnhcrDatasets.Solutions, SyntheticRows.Grid(UnhcrDatasets.Solutions, 2000, 2004, 40), ct);

        Assert.Equal((RunStatus.Published, 200L), (published.Status, published.Added));
        Assert.Equal(["ingestion.versions_unhcr_solutions|FOR VALUES IN ('unhcr.solutions')|200"], await database.DataSource.RowsAsync("""
            SELECT n.nspname || '.' || c.relname, pg_get_expr(c.relpartbound, c.oid), (SELECT count(*) FROM ingestion.versions_unhcr_solutions)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE i.inhparent = 'ingestion.versions'::regclass AND c.relname = 'versions_unhcr_solutions'
            """));
        Assert.Equal(
            [
                "CREATE INDEX versions_unhcr_solutions_key_key1_idx ON ingestion.versions_unhcr_solutions USING btree ((key[1]), (key[2]))",
                "CREATE INDEX versions_unhcr_solutions_valid_from_idx ON ingestion.versions_unhcr_solutions USING btree (valid_from)",
                "CREATE INDEX versions_unhcr_solutions_valid_to_idx ON ingestion.versions_unhcr_solutions USING btree (valid_to) WHERE (valid_to IS NOT NULL)",
                "CREATE UNIQUE INDEX versions_unhcr_solutions_period_key_idx ON ingestion.versions_unhcr_solutions USING btree (period, key) WHERE (valid_to IS NULL)",
            ],
            await database.DataSource.RowsAsync("SELECT indexdef FROM pg_indexes WHERE tablename = 'versions_unhcr_solutions' ORDER BY indexdef"));
        // Analyzed for the next run's plans: it knows every version is current.
        Assert.Equal(["1"], await database.DataSource.RowsAsync(
            "SELECT null_frac FROM pg_stats WHERE schemaname = 'ingestion' AND tablename = 'versions_unhcr_solutions' AND attname = 'valid_to'"));
    }

    [Fact]
    public async Task PublishAsync_FirstPublishOfADataset_LoadsItsPartitionInTheCurrentKeyIndexsOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataset = UnhcrDatasets.Population;
        // Each year's pairs in an order of the source's own (here: descending); the years too (a source yields each
        // year's rows together, in any order of years).
        var grid = SyntheticRows.Grid(dataset, 2000, 2003, 12);
        var delivered = grid.OrderBy(r => r.Period % 2).ThenBy(r => r.Period).ThenByDescending(r => r.Key[0], StringComparer.Ordinal).ToList();

        var published = await Stores.Create(database.DataSource).PublishAsync(dataset, delivered, ct);

        Assert.Equal((RunStatus.Published, 48L), (published.Status, published.Added));
        // Each year's rows sorted by key, the years as they came: 2000, 2002, 2001, 2003.
        string[] expected = [.. grid.OrderBy(r => r.Period % 2).ThenBy(r => r.Period).ThenBy(r => r.Key[0], StringComparer.Ordinal).Select(r => r.KeyText)];
        Assert.Equal(expected, await database.DataSource.RowsAsync(
            "SELECT period || '/' || array_to_string(key, '/') FROM ingestion.versions_unhcr_population ORDER BY ctid"));
    }

    [Fact]
    public async Task PublishAsync_DryRunAndLeftoverOfACrashedFirstPublish_LeaveNoTableAndTheNextFirstPublishReplacesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.Demographics;
        var rows = SyntheticRows.Grid(dataset, 2000, 2001, 20);

        var dryRun = await store.PublishAsync(dataset, rows, ct, dryRun: true);
        var afterDryRun = await database.DataSource.ScalarAsync<bool>("SELECT to_regclass('ingestion.versions_unhcr_demographics') IS NULL");
        // What a process killed between the load and the attach leaves: a committed table no reader sees.
        await database.DataSource.ScalarAsync<int>("""
            CREATE TABLE ingestion.versions_unhcr_demographics (LIKE ingestion.versions);
            INSERT INTO ingestion.versions_unhcr_demographics SELECT 'unhcr.demographics', 1999, '{X,Y}', '{}', '{}', 0, '\x00', 1;
            SELECT 1
            """);
        var published = await store.PublishAsync(dataset, rows, ct);

        Assert.Equal((RunStatus.Published, (long?)null, 40L), (dryRun.Status, dryRun.SnapshotId, dryRun.Added));
        Assert.True(afterDryRun);
        Assert.Equal((RunStatus.Published, 40L), (published.Status, published.Added));
        Assert.Equal(["2000|20", "2001|20"], await database.DataSource.RowsAsync(
            "SELECT period, count(*) FROM ingestion.versions WHERE dataset = 'unhcr.demographics' GROUP BY 1 ORDER BY 1"));
    }

    [Fact]
    public async Task PublishAsync_FirstPublishesOfTwoDatasetsAtOnce_BothAttach()
    {
        var ct = TestContext.Current.CancellationToken;

        var published = await Task.WhenAll(
            Stores.Create(database.DataSource).PublishAsync(UnhcrDatasets.AsylumApplications, SyntheticRows.Grid(UnhcrDatasets.AsylumApplications, 2010, 2014, 30), ct),
            Stores.Create(database.DataSource).PublishAsync(UnhcrDatasets.AsylumDecisions, SyntheticRows.Grid(UnhcrDatasets.AsylumDecisions, 2010, 2012, 30), ct));

        Assert.Equal([(RunStatus.Published, 150L), (RunStatus.Published, 90L)], published.Select(p => (p.Status, p.Added)));
        Assert.Equal(["unhcr.asylum_applications|150", "unhcr.asylum_decisions|90"], await database.DataSource.RowsAsync("""
            SELECT dataset, count(*) FROM ingestion.versions
            WHERE dataset IN ('unhcr.asylum_applications', 'unhcr.asylum_decisions') GROUP BY 1 ORDER BY 1
            """));
    }
}
