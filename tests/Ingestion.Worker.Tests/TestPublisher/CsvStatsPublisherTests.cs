using Ingestion.Core.Runs;
using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.TestPublisher;

/// <summary>
/// A publisher defined entirely in this project (<see cref="CsvStatsPublisher"/>) goes through ingest, diff,
/// <c>stats.revisions</c>, as-of and its generated typed view — with its CSV served over real HTTP and the real
/// pipeline writing to a real database migrated from its catalogue alone.
/// </summary>
public sealed class CsvStatsPublisherTests(PostgresServerFixture server) : IAsyncLifetime
{
    private const string CurrentRows = "SELECT year, origin, asylum, sex, arrivals, returns, note FROM stats.csvstats_arrivals ORDER BY year, origin, asylum, sex";

    private static readonly string[] Release1Rows =
    [
        "2023,SYR,DEU,F,1200,30,NULL",
        "2023,SYR,DEU,M,1500,NULL,provisional",
        "2024,AFG,PAK,F,800,12,NULL",
        "2024,AFG,PAK,M,950,15,estimate",
    ];

    private readonly CsvStatsApi _api = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Migrate_CatalogueOfTheTestPublisherOnly_GeneratesItsDatasetRowAndTypedView()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await CsvStatsPipeline.StartAsync(server, _api.BaseAddress, ct);

        Assert.Equal(
            ["csvstats.arrivals,csvstats,csvstats_arrivals,year,origin asylum sex,origin,asylum,arrivals returns,note"],
            await pipeline.RowsAsync("""
                SELECT dataset, publisher, view_name, period, array_to_string(key_fields, ' '), origin_field, asylum_field,
                       array_to_string(measures, ' '), array_to_string(attributes, ' ')
                FROM ingestion.datasets
                """, ct));
        Assert.Equal(
            ["year,integer", "origin,text", "asylum,text", "sex,text", "arrivals,bigint", "returns,bigint", "note,text", "snapshot_id,bigint"],
            await pipeline.RowsAsync("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'stats' AND table_name = 'csvstats_arrivals' ORDER BY ordinal_position
                """, ct));
    }

    [Fact]
    public async Task RunAsync_TwoReleasesThenTheSecondAgain_PublishesRevisesAndEndsUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await CsvStatsPipeline.StartAsync(server, _api.BaseAddress, ct);

        _api.Serve(ArrivalsReleases.First);
        var first = await pipeline.RunAsync(ct);
        Assert.Equal((RunStatus.Published, 4L, 0L, 0L, 1L, 4L), (first.Status, first.Added, first.Revised, first.Removed, first.Pages, first.RowsRead));
        Assert.Equal(1, _api.Requests);
        Assert.Equal(Release1Rows, await pipeline.RowsAsync(CurrentRows, ct));
        Assert.Equal([$"{first.SnapshotId}"], await pipeline.RowsAsync("SELECT DISTINCT snapshot_id FROM stats.csvstats_arrivals", ct));
        Assert.Equal(["1"], await pipeline.RowsAsync($"SELECT page_number FROM ingestion.run_pages WHERE run_id = {first.RunId}", ct)); // the raw CSV, archived

        _api.Serve(ArrivalsReleases.Second);
        var second = await pipeline.RunAsync(ct);
        Assert.Equal((RunStatus.Published, 1L, 1L, 1L), (second.Status, second.Added, second.Revised, second.Removed));
        Assert.Equal(
        [
            "2023,SYR,DEU,F,1200,30,NULL",
            "2024,AFG,PAK,F,800,12,NULL",
            "2024,AFG,PAK,M,990,15,estimate",
            "2024,SYR,TUR,F,400,NULL,NULL",
        ], await pipeline.RowsAsync(CurrentRows, ct));

        // One row per changed key and measure: the added row's returns and the removed row's returns are NULL on both
        // sides, so each change shows its arrivals only.
        string[] changes =
        [
            "removed,2023,SYR,DEU,M,arrivals,1500,NULL",
            "revised,2024,AFG,PAK,M,arrivals,950,990",
            "added,2024,SYR,TUR,F,arrivals,NULL,400",
        ];
        Assert.Equal(changes, await pipeline.RowsAsync($"""
            SELECT change, year, origin_iso, asylum_iso, detail->>'sex', measure, old_value, new_value
            FROM stats.revisions WHERE dataset = 'csvstats.arrivals' AND snapshot_id = {second.SnapshotId}
            ORDER BY year, origin_iso, asylum_iso, detail->>'sex', measure
            """, ct));
        Assert.Equal(["{\"sex\": \"M\"}"], await pipeline.RowsAsync($"SELECT DISTINCT detail::text FROM stats.revisions WHERE change = 'revised' AND snapshot_id = {second.SnapshotId}", ct));

        Assert.Equal(Release1Rows, await pipeline.RowsAsync(
            $"SELECT year, origin, asylum, sex, arrivals, returns, note FROM stats.csvstats_arrivals_as_of({first.SnapshotId}) ORDER BY year, origin, asylum, sex", ct));

        // The store's diff (what the diff verb prints) agrees with stats.revisions row for row and with the run's counts.
        var diff = await pipeline.Store.DiffAsync(CsvStatsDatasets.Arrivals.Name, first.SnapshotId!.Value, second.SnapshotId!.Value, 100, ct);
        Assert.Equal(changes, diff.Select(d => $"{d.Change},{d.Year},{d.OriginIso},{d.AsylumIso},{Sex(d.Detail)},{d.Measure},{Value(d.OldValue)},{Value(d.NewValue)}"));
        Assert.All(diff, d => Assert.Equal(second.SnapshotId, d.SnapshotId));
        var snapshot = await pipeline.Store.GetSnapshotAsync(second.SnapshotId.Value, ct);
        Assert.Equal(("published", 1L, 1L, 1L, 4L), (snapshot!.Status, snapshot.Added, snapshot.Revised, snapshot.Removed, snapshot.RowCount));

        var again = await pipeline.RunAsync(ct);
        Assert.Equal((RunStatus.Unchanged, (long?)null), (again.Status, again.SnapshotId));
        Assert.Equal(3, _api.Requests); // each run read the file over HTTP; nothing was answered from a cache
        Assert.Equal(2, (await pipeline.Store.ListSnapshotsAsync(CsvStatsDatasets.Arrivals.Name, 10, ct)).Count);
    }

    [Fact]
    public async Task RunAsync_HeaderRenamesAField_FailsWithSchemaDriftAndPublishesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await CsvStatsPipeline.StartAsync(server, _api.BaseAddress, ct);

        _api.Serve(ArrivalsReleases.Drifted);
        var outcome = await pipeline.RunAsync(ct);

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Equal("Schema drift in csvstats.arrivals, page 1: missing field 'sex', unknown field 'gender'.", outcome.Error);
        Assert.Empty(await pipeline.RowsAsync("SELECT * FROM ingestion.snapshots", ct));
        Assert.Empty(await pipeline.RowsAsync(CurrentRows, ct));
    }

    /// <summary>The diff's detail is the same jsonb text as <c>stats.revisions</c>; this dataset's only detail field is sex.</summary>
    private static string Sex(string detail)
    {
        using var json = System.Text.Json.JsonDocument.Parse(detail);
        return json.RootElement.GetProperty("sex").GetString()!;
    }

    private static string Value(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL";
}
