using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing.Releases;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>
/// The real release transition population 2025.06.0 → 2025.12.1 (shared/data/unhcr-refugees-r, SOURCES.md):
/// 300 rows added, 233 removed, 4,589 revised; China 2025 asylum seekers 178,725 → 99,716; 2012 = 15,362 in both.
/// </summary>
public sealed class ReleaseTransitionTests(TwoReleasesDatabase db) : IClassFixture<TwoReleasesDatabase>
{
    private static string ChinaAsylumSeekers(string source) =>
        $"SELECT sum(asylum_seekers) FROM {source} WHERE origin_iso = 'CHN' AND year = @year";

    [Fact]
    public void PublishAsync_TwoReleases_SecondReportsRealChangeCounts()
    {
        Assert.Equal(RunStatus.Published, db.First.Status);
        Assert.Equal((138_826L, 138_826L, 0L, 0L), (db.First.RowCount, db.First.Added, db.First.Revised, db.First.Removed));
        Assert.Equal(RunStatus.Published, db.Second.Status);
        Assert.Equal((138_893L, 300L, 4_589L, 233L), (db.Second.RowCount, db.Second.Added, db.Second.Revised, db.Second.Removed));
        Assert.True(db.Second.SnapshotId > db.First.SnapshotId);
    }

    [Fact]
    public async Task Revisions_SecondSnapshot_DistinctKeysPerChangeMatchCounts()
    {
        var rows = await db.DataSource.RowsAsync($"""
            SELECT change, count(DISTINCT (year, origin_iso, asylum_iso, detail))
            FROM stats.revisions WHERE dataset = 'unhcr.population' AND snapshot_id = {db.Second.SnapshotId}
            GROUP BY change ORDER BY change
            """);

        Assert.Equal(["added|300", "removed|233", "revised|4589"], rows);
    }

    [Fact]
    public async Task Publish_SecondRelease_LeavesStatisticsThatKnowItsVersions()
    {
        // Planned on the first snapshot's statistics (every version current), a revisions query for the second expected
        // one row on each side and nested-looped 4,889 × 4,822 of them: nine seconds instead of milliseconds.
        var rows = await db.DataSource.RowsAsync($"""
            SELECT attname, null_frac < 1, {db.Second.SnapshotId}::text = ANY (most_common_vals::text::text[])
            FROM pg_stats
            WHERE schemaname = 'ingestion' AND tablename = 'versions_unhcr_population' AND attname IN ('valid_from', 'valid_to')
            ORDER BY attname
            """);

        Assert.Equal(["valid_from|True|True", "valid_to|True|True"], rows);
    }

    [Fact]
    public async Task Revisions_ChinaUsa2025_ShowsOldAndNewAsylumSeekers()
    {
        var rows = await db.DataSource.RowsAsync($"""
            SELECT measure, old_value, new_value, change FROM stats.revisions
            WHERE snapshot_id = {db.Second.SnapshotId} AND year = 2025 AND origin_iso = 'CHN' AND asylum_iso = 'USA' AND measure = 'asylum_seekers'
            """);

        Assert.Equal(["asylum_seekers|147909|68691|revised"], rows);
    }

    [Fact]
    public async Task AsOf_FirstSnapshot_GivesMidYearChinaFiguresWhileCurrentGivesYearEnd()
    {
        var asOf = $"stats.unhcr_population_as_of({db.First.SnapshotId})";

        Assert.Equal(178_725m, await db.DataSource.ScalarAsync<decimal>(ChinaAsylumSeekers(asOf), ("year", 2025)));
        Assert.Equal(99_716m, await db.DataSource.ScalarAsync<decimal>(ChinaAsylumSeekers("stats.unhcr_population"), ("year", 2025)));
        Assert.Equal(15_362m, await db.DataSource.ScalarAsync<decimal>(ChinaAsylumSeekers(asOf), ("year", 2012)));
        Assert.Equal(15_362m, await db.DataSource.ScalarAsync<decimal>(ChinaAsylumSeekers("stats.unhcr_population"), ("year", 2012)));
    }

    [Fact]
    public async Task CurrentView_YearEnd_HasAllRowsWithIdentityColumns()
    {
        Assert.Equal(138_893L, await db.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_population"));
        var rows = await db.DataSource.RowsAsync("""
            SELECT origin_iso, origin_unhcr, origin_name, asylum_iso, asylum_unhcr, asylum_name, refugees, oip
            FROM stats.unhcr_population WHERE year = 1951 AND origin_iso = 'UNK' AND asylum_iso = 'AUT'
            """);

        Assert.Equal(["UNK|UKN|Unknown|AUT|AUS|Austria|282000|"], rows);
    }

    [Fact]
    public async Task PublishAsync_SameReleaseAgain_IsUnchangedWithoutSnapshot()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await db.Store.ListSnapshotsAsync(UnhcrDatasets.Population.Name, 10, ct);

        var again = await db.Store.PublishAsync(UnhcrDatasets.Population, TwoReleasesDatabase.YearEnd2025, ct);

        Assert.Equal((RunStatus.Unchanged, (long?)null, 0L, 0L, 0L), (again.Status, again.SnapshotId, again.Added, again.Revised, again.Removed));
        Assert.Equal(before, await db.Store.ListSnapshotsAsync(UnhcrDatasets.Population.Name, 10, ct));
        var run = (await db.Store.ListRunsAsync(UnhcrDatasets.Population.Name, 1, ct))[0];
        Assert.Equal((RunStatus.Unchanged, (long?)null), (run.Status, run.SnapshotId));
    }

    [Fact]
    public async Task DiffAsync_FirstToSecond_MatchesRevisionsView()
    {
        var ct = TestContext.Current.CancellationToken;
        var diff = await db.Store.DiffAsync(UnhcrDatasets.Population.Name, db.First.SnapshotId!.Value, db.Second.SnapshotId!.Value, 100_000, ct);
        var viewRows = await db.DataSource.ScalarAsync<long>($"SELECT count(*) FROM stats.revisions WHERE snapshot_id = {db.Second.SnapshotId}");

        Assert.Equal(viewRows, diff.Count);
        Assert.Equal(300, diff.Where(d => d.Change == "added").Select(d => (d.Year, d.OriginIso, d.AsylumIso)).Distinct().Count());
        Assert.Contains(diff, d => d is { Year: 2025, OriginIso: "CHN", AsylumIso: "USA", Measure: "asylum_seekers", OldValue: 147_909, NewValue: 68_691 });
    }

    [Fact]
    public async Task ListSnapshotsAsync_TwoReleases_NewestFirstWithContentHash()
    {
        var snapshots = await db.Store.ListSnapshotsAsync(UnhcrDatasets.Population.Name, 10, TestContext.Current.CancellationToken);

        Assert.Equal([db.Second.SnapshotId!.Value, db.First.SnapshotId!.Value], snapshots.Select(s => s.SnapshotId));
        Assert.All(snapshots, s => Assert.Equal("published", s.Status));
        Assert.All(snapshots, s => Assert.Matches("^[0-9a-f]{64}$", s.ContentSha256));
        Assert.NotEqual(snapshots[0].ContentSha256, snapshots[1].ContentSha256);
        Assert.Equal(138_893L, snapshots[0].RowCount);
    }
}
