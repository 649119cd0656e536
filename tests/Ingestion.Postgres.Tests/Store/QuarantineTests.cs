using Ingestion.Sources.Unhcr;
using System.Text.Json;
using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>The quality gate stops empty or halved releases; approve and reject decide them, and refuse when they should.</summary>
public sealed class QuarantineTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task PublishAsync_EmptyRelease_QuarantinedAndCurrentUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.Unrwa;
        await store.PublishAsync(dataset, SyntheticRows.Grid(2000, 2009, 10), ct);

        var result = await store.PublishAsync(dataset, [], ct);

        Assert.Equal((RunStatus.Quarantined, 0L, 100L), (result.Status, result.RowCount, result.Removed));
        Assert.Equal(["removed_fraction", "row_count_drop", "measure_all_null", "latest_year_disappearing"], result.QualityReport!.Violations.Select(v => v.Rule));
        Assert.Equal(100L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_unrwa"));
        var snapshot = (await store.ListSnapshotsAsync(dataset.Name, 1, ct))[0];
        Assert.Equal(("quarantined", result.SnapshotId!.Value, (DateTimeOffset?)null), (snapshot.Status, snapshot.SnapshotId, snapshot.PublishedAt));
        using var report = JsonDocument.Parse(snapshot.QualityReportJson!);
        Assert.Equal("removed_fraction", report.RootElement.GetProperty("violations")[0].GetProperty("rule").GetString());
        Assert.Equal(RunStatus.Quarantined, (await store.GetRunAsync(snapshot.RunId, ct))!.Status);
    }

    [Fact]
    public async Task ApproveAsync_HalvedRelease_PublishesItOnceThenRefuses()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.Idmc;
        await store.PublishAsync(dataset, SyntheticRows.Grid(2000, 2009, 10), ct);
        var halved = await store.PublishAsync(dataset, SyntheticRows.Grid(2000, 2009, 5), ct);
        Assert.Equal((RunStatus.Quarantined, 50L), (halved.Status, halved.Removed));
        Assert.Equal(100L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_idmc"));

        var approved = await store.ApproveAsync(halved.SnapshotId!.Value, ct);

        Assert.True(approved.Done, approved.Message);
        Assert.Equal(50L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_idmc"));
        Assert.Equal(50L, await database.DataSource.ScalarAsync<long>($"SELECT count(DISTINCT (year, origin_iso)) FROM stats.revisions WHERE snapshot_id = {halved.SnapshotId} AND change = 'removed'"));
        Assert.Equal("published", (await store.ListSnapshotsAsync(dataset.Name, 1, ct))[0].Status);
        var again = await store.ApproveAsync(halved.SnapshotId!.Value, ct);
        Assert.False(again.Done);
        Assert.Equal($"Snapshot {halved.SnapshotId} is published, not quarantined; only a quarantined snapshot can be approved.", again.Message);
    }

    [Fact]
    public async Task ApproveAsync_DatasetMovedOnSinceDiff_RefusesAndSaysReRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.Solutions;
        var rows = SyntheticRows.Grid(2000, 2009, 10).Select(r => r with { Measures = [r.Measures[0], 1, null, 2] }).ToList();
        await store.PublishAsync(dataset, rows, ct);
        var quarantined = await store.PublishAsync(dataset, rows.Take(10).ToList(), ct);
        var moved = await store.PublishAsync(dataset, rows.Select(r => r with { Measures = [5, 1, null, 2] }), ct);
        Assert.Equal(RunStatus.Published, moved.Status);

        var result = await store.ApproveAsync(quarantined.SnapshotId!.Value, ct);

        Assert.False(result.Done);
        Assert.Contains("re-run", result.Message, StringComparison.Ordinal);
        Assert.Equal(100L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_solutions"));
        Assert.True((await store.RejectAsync(quarantined.SnapshotId!.Value, ct)).Done);
        Assert.Equal("rejected", (await store.ListSnapshotsAsync(dataset.Name, 5, ct)).Single(s => s.SnapshotId == quarantined.SnapshotId).Status);
        Assert.Equal(0L, await database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM ingestion.pending_changes WHERE snapshot_id = {quarantined.SnapshotId}"));
    }

    [Fact]
    public async Task ApproveAndReject_UnknownOrPublishedSnapshot_Refuse()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var published = await store.PublishAsync(UnhcrDatasets.Demographics, [], ct);
        Assert.Equal(RunStatus.Unchanged, published.Status);

        Assert.Equal(new DecisionResult(false, "Snapshot 987654 does not exist."), await store.ApproveAsync(987_654, ct));
        Assert.Equal(new DecisionResult(false, "Snapshot 987654 does not exist."), await store.RejectAsync(987_654, ct));
    }

    [Fact]
    public async Task PublishAsync_MeasureBecomingAllNull_Quarantined()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.AsylumApplications;
        var rows = Enumerable.Range(0, 20).Select(i => new StatRow(2020, [$"C{i:D2}", "DEU", "G", "N", "FI", "P"], [10L * i], ["x", "y", "z", "w"])).ToList();
        await store.PublishAsync(dataset, rows, ct);

        var result = await store.PublishAsync(dataset, rows.Select(r => r with { Measures = [null] }), ct);

        Assert.Equal(RunStatus.Quarantined, result.Status);
        Assert.Equal("measure 'applied' had values and would become all NULL", Assert.Single(result.QualityReport!.Violations).Message);
        Assert.True((await store.RejectAsync(result.SnapshotId!.Value, ct)).Done);
        Assert.Equal(1_900m, await database.DataSource.ScalarAsync<decimal>("SELECT sum(applied) FROM stats.unhcr_asylum_applications WHERE procedure_type = 'G'"));
    }

    [Fact]
    public async Task PublishAsync_DryRunOfChange_WritesNoSnapshotAndRecordsOutcome()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var dataset = UnhcrDatasets.AsylumDecisions;
        var row = new StatRow(2021, ["SYR", "DEU", "G", "FI", "P"], [1, 2, 3, 4, 10], ["SYR", "Syria", "GFR", "Germany"]);

        var result = await store.PublishAsync(dataset, [row], ct, dryRun: true);

        Assert.Equal((RunStatus.Published, (long?)null, 1L), (result.Status, result.SnapshotId, result.Added));
        Assert.Empty(await store.ListSnapshotsAsync(dataset.Name, 5, ct));
        Assert.Equal(0L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM stats.unhcr_asylum_decisions"));
        Assert.Equal(["unchanged|True|published|1"], await database.DataSource.RowsAsync(
            "SELECT status, dry_run, dry_run_outcome, added FROM ingestion.runs WHERE dataset = 'unhcr.asylum_decisions'"));
    }
}
