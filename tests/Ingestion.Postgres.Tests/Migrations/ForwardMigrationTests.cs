using Ingestion.Core.Publishing;
using Ingestion.Core.Rows;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Migrations;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing;
using Ingestion.Testing.Releases;

namespace Ingestion.Postgres.Tests.Migrations;

/// <summary>
/// Migrating yesterday's database (schema version 5, written as the old store wrote it, with the real UNHCR releases
/// 2025.06.0 and 2025.12.1; see <see cref="LegacyDatabase"/>) to today's generic layout: downstream readers see the
/// same columns and rows in every view, every as-of function and stats.revisions, history is kept, a snapshot
/// quarantined before the migration can still be approved, and re-running the same release changes nothing.
/// </summary>
public sealed class ForwardMigrationTests(LegacyDatabase db) : IClassFixture<LegacyDatabase>
{
    private static string ChinaAsylumSeekers(string source) =>
        $"SELECT sum(asylum_seekers) FROM {source} WHERE origin_iso = 'CHN' AND year = @year";

    [Fact]
    public void LegacyHistory_WrittenAsTheOldStoreDid_HasTheRealReleaseTransition()
    {
        Assert.Equal(("published", 138_826L, new DiffCounts(138_826, 0, 0)),
            (db.PopulationMidYear.Status, db.PopulationMidYear.RowCount, db.PopulationMidYear.Counts));
        Assert.Equal(("published", 138_893L, new DiffCounts(300, 4_589, 233)),
            (db.PopulationYearEnd.Status, db.PopulationYearEnd.RowCount, db.PopulationYearEnd.Counts));
        Assert.Equal(("unchanged", (long?)null), (db.PopulationAgain.Status, db.PopulationAgain.SnapshotId));
        Assert.Equal(("published", 120_597L), (db.AsylumApplications.Status, db.AsylumApplications.Counts.Added));
        Assert.Equal(new DiffCounts(0, 1, 1), db.Countries.Counts);
        Assert.Equal(("quarantined", new DiffCounts(1, 1, 370)), (db.IdmcQuarantined.Status, db.IdmcQuarantined.Counts));
        Assert.Contains("138893 rows", db.ContractBefore["stats.unhcr_population"], StringComparison.Ordinal);
        Assert.Contains("138826 rows", db.ContractBefore[$"stats.unhcr_population_as_of({db.PopulationMidYear.SnapshotId})"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_SchemaVersion5_AppliesMigration6AndKeepsSnapshotsRunsAndVersions()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"old layout written in {db.LegacyWriteTime}, migrated in {db.MigrateTime}");

        Assert.Equal(MigrationCatalog.All.Where(m => m.Version > 5).Select(m => m.Version), db.Applied.Select(m => m.Version));
        Assert.Equal(db.StateBefore.Migrations, db.StateAfter.Migrations.SkipLast(db.Applied.Count));
        Assert.StartsWith("6|generic_versions|", db.StateAfter.Migrations[^db.Applied.Count], StringComparison.Ordinal);
        Assert.Equal(db.StateBefore.Snapshots, db.StateAfter.Snapshots);
        Assert.Equal(db.StateBefore.Runs, db.StateAfter.Runs);
        Assert.Equal(db.StateBefore.Versions, db.StateAfter.Versions);
        Assert.Equal(db.StateBefore.PendingChanges, db.StateAfter.PendingChanges);
        Assert.Equal(8, db.StateAfter.Runs.Count);
        Assert.Equal(3, db.StateAfter.PendingChanges.Count);
        Assert.False((await SchemaStatus.ReadAsync(db.DataSource, TestCatalog.Default, TestContext.Current.CancellationToken)).IsBehind);
    }

    [Fact]
    public async Task Migrate_VersionsOfEachDataset_MoveIntoAPartitionOfTheirOwn()
    {
        // Population: the mid-year release's 138,826 versions, and 300 added and 4,589 revised at year end.
        Assert.Equal(
            [
                "versions_unhcr_asylum_applications|unhcr.asylum_applications|120597",
                "versions_unhcr_countries|unhcr.countries|234",
                "versions_unhcr_idmc|unhcr.idmc|934",
                "versions_unhcr_population|unhcr.population|143715",
            ],
            await db.DataSource.RowsAsync("""
                SELECT c.relname, v.dataset, count(*)
                FROM ingestion.versions v JOIN pg_class c ON c.oid = v.tableoid
                GROUP BY 1, 2 ORDER BY 1
                """));
        Assert.Equal(4L, await db.DataSource.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'ingestion.versions'::regclass"));
        Assert.True(await db.DataSource.ScalarAsync<bool>("SELECT to_regclass('ingestion.versions_unpartitioned') IS NULL"));
    }

    [Fact]
    public void ReadContract_AfterMigration_AnswersExactlyAsBefore()
    {
        // New relations may be appended (the Eurostat views, the compared view); every old one must still be there.
        Assert.Equal(db.ContractBefore.Keys, db.ContractAfter.Keys.Where(db.ContractBefore.ContainsKey));
        Assert.All(db.ContractAfter.Keys.Where(k => !db.ContractBefore.ContainsKey(k)), k =>
            Assert.Matches(@"^stats\.(eurostat_|asylum_applications_compared)", k));
        Assert.Equal(9 + 1 + 8 * 7, db.ContractBefore.Count); // 8 dataset views and revisions, the countries revisions, 8 as-of functions x 7 snapshots

        // Every difference at once, each as: query, then before and after.
        var differences = db.ContractBefore.Where(q => q.Value != db.ContractAfter[q.Key])
            .Select(q => $"{q.Key}\n  before: {q.Value}\n  after:  {db.ContractAfter[q.Key]}").ToList();
        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    /// <summary>The one deliberate change: the generated stats.revisions has no asylum country for reference data.</summary>
    [Fact]
    public void Revisions_Countries_AsylumIsoIsNullWhereItWasEmpty()
    {
        Assert.Equal(["added|empty|233", "removed|empty|1", "revised|empty|1"], db.CountriesAsylumIsoBefore);
        Assert.Equal(["added|NULL|233", "removed|NULL|1", "revised|NULL|1"], db.CountriesAsylumIsoAfter);
        Assert.Equal(db.ContractBefore[ReadContractFingerprint.CountriesRevisions], db.ContractAfter[ReadContractFingerprint.CountriesRevisions]);
    }

    [Fact]
    public async Task AsOf_ChinaAsylumSeekersAfterMigration_MidYearAsOfTheFirstSnapshotYearEndNow()
    {
        var first = $"stats.unhcr_population_as_of({db.PopulationMidYear.SnapshotId})";
        var second = $"stats.unhcr_population_as_of({db.PopulationYearEnd.SnapshotId})";

        Assert.Equal(178_725m, await db.DataSource.ScalarAsync<decimal>(ChinaAsylumSeekers(first), ("year", 2025)));
        Assert.Equal(99_716m, await db.DataSource.ScalarAsync<decimal>(ChinaAsylumSeekers(second), ("year", 2025)));
        Assert.Equal(99_716m, await db.DataSource.ScalarAsync<decimal>(ChinaAsylumSeekers("stats.unhcr_population"), ("year", 2025)));
        Assert.Equal(15_362m, await db.DataSource.ScalarAsync<decimal>(ChinaAsylumSeekers(first), ("year", 2012)));
        Assert.Equal(["asylum_seekers|147909|68691|revised"], await db.DataSource.RowsAsync($"""
            SELECT measure, old_value, new_value, change FROM stats.revisions
            WHERE snapshot_id = {db.PopulationYearEnd.SnapshotId} AND year = 2025 AND origin_iso = 'CHN' AND asylum_iso = 'USA' AND measure = 'asylum_seekers'
            """, asReader: true));
    }

    [Fact]
    public async Task ApproveAsync_SnapshotQuarantinedBeforeTheMigration_MakesItsPendingChangeCurrent()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(db.DataSource);
        var id = db.IdmcQuarantined.SnapshotId!.Value;
        Assert.Equal(["934|4355000|"], await db.DataSource.RowsAsync(IdmcAfghanistan("stats.unhcr_idmc")));

        var approved = await store.ApproveAsync(id, ct);

        Assert.True(approved.Done, approved.Message);
        Assert.Equal(["565|4400000|4500000"], await db.DataSource.RowsAsync(IdmcAfghanistan("stats.unhcr_idmc")));
        Assert.Equal(["934|4355000|"], await db.DataSource.RowsAsync(IdmcAfghanistan($"stats.unhcr_idmc_as_of({db.Idmc.SnapshotId})")));
        Assert.Equal(
            db.IdmcQuarantinedRows.Select(r => $"{r.Period}|{r.Key[0]}|{r.Key[1]}|{r.Measures[0]}|{r.Attributes[1]}").Order(StringComparer.Ordinal),
            (await db.DataSource.RowsAsync("SELECT year, origin_iso, asylum_iso, total, origin_name FROM stats.unhcr_idmc", asReader: true)).Order(StringComparer.Ordinal));
        Assert.Equal(["added|1", "removed|370", "revised|1"], await db.DataSource.RowsAsync($"""
            SELECT change, count(DISTINCT (year, origin_iso, asylum_iso, detail)) FROM stats.revisions
            WHERE snapshot_id = {id} GROUP BY change ORDER BY change
            """));
        Assert.Equal(0L, await db.DataSource.ScalarAsync<long>($"SELECT count(*) FROM ingestion.pending_changes WHERE snapshot_id = {id}"));
        var snapshot = (await store.GetSnapshotAsync(id, ct))!;
        Assert.Equal(("published", 1L, 1L, 370L), (snapshot.Status, snapshot.Added, snapshot.Revised, snapshot.Removed));
        Assert.NotNull(snapshot.PublishedAt);
    }

    [Fact]
    public async Task PublishAsync_SameReleasesAgainAfterMigration_EndUnchangedWithoutSnapshots()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(db.DataSource);
        var releases = new[]
        {
            (UnhcrDatasets.Population, LegacyDatabase.Release(UnhcrDatasets.Population, "2025.12.1", "population.csv")),
            (UnhcrDatasets.AsylumApplications, LegacyDatabase.Release(UnhcrDatasets.AsylumApplications, "2025.12.1", "asylum_applications.csv")),
            (UnhcrDatasets.Countries, LegacyDatabase.Countries2025()),
        };

        foreach (var (dataset, rows) in releases)
        {
            var before = (await store.ListSnapshotsAsync(dataset.Name, 10, ct)).Select(s => (s.SnapshotId, s.Status)).ToList();

            // A source yields a year's rows together (the release tables are not sorted by year).
            var again = await store.PublishAsync(dataset, rows.OrderBy(r => r.Period), ct);
            var once = await store.PublishAsync(dataset, rows.OrderBy(r => r.Period), ct);

            Assert.Equal((dataset.Name, RunStatus.Unchanged, (long?)null, 0L, 0L, 0L), (dataset.Name, again.Status, again.SnapshotId, again.Added, again.Revised, again.Removed));
            Assert.Equal((dataset.Name, RunStatus.Unchanged, (long?)null), (dataset.Name, once.Status, once.SnapshotId));
            Assert.Equal(before, (await store.ListSnapshotsAsync(dataset.Name, 10, ct)).Select(s => (s.SnapshotId, s.Status)));
            Assert.All(await store.ListRunsAsync(dataset.Name, 2, ct), r => Assert.Equal((RunStatus.Unchanged, (long?)null), (r.Status, r.SnapshotId)));
        }

        Assert.Equal(138_893L, await db.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_population"));
    }

    /// <summary>
    /// Stored hashes stay valid: for a pair dataset the old RowEncoder's bytes are RowHasher's, so unchanged rows are
    /// recognised by hash alone; a country's old hash also covered the empty asylum, so the diff compares its content.
    /// </summary>
    [Fact]
    public void RowHash_OldForm_IsRowHasherForPairRowsButNotForCountries()
    {
        var hasher = new RowHasher();
        var population = LegacyDatabase.Release(UnhcrDatasets.Population, "2025.12.1", "population.csv");
        var applications = LegacyDatabase.Release(UnhcrDatasets.AsylumApplications, "2025.12.1", "asylum_applications.csv");

        Assert.All(population, r => Assert.Equal(RowHasher.ToBytes(hasher.Row(r)), LegacyStore.OldRowHash(UnhcrDatasets.Population, r)));
        Assert.All(applications, r => Assert.Equal(RowHasher.ToBytes(hasher.Row(r)), LegacyStore.OldRowHash(UnhcrDatasets.AsylumApplications, r)));
        Assert.All(LegacyDatabase.Countries2025(), r => Assert.NotEqual(RowHasher.ToBytes(hasher.Row(r)), LegacyStore.OldRowHash(UnhcrDatasets.Countries, r)));
    }

    private static string IdmcAfghanistan(string source) => $"""
        SELECT count(*), max(total) FILTER (WHERE origin_iso = 'AFG' AND year = 2025), max(total) FILTER (WHERE origin_iso = 'AFG' AND year = 2026)
        FROM {source}
        """;
}
