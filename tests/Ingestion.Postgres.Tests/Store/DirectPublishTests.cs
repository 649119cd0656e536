using Ingestion.Core.Runs;
using Ingestion.Core.Validation;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>
/// A first publish of a scope streams its rows into ingestion.versions before the run has decided anything
/// (DirectPublish): every ending but a publish must leave no version behind, and a bad batch must still fail with the
/// validator's message, not the database's.
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
}
