using System.Text;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Store;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing.Postgres;

namespace Ingestion.Postgres.Tests.Archive;

/// <summary>
/// A run learns the pages archived by the run that published the dataset's latest snapshot (and the rows it read), so
/// a source can recognise the same bytes — only when that snapshot has the run's scope and the run is no reprocess.
/// Each test has a database of its own (the latest snapshot is the dataset's, whatever the scope).
/// </summary>
public sealed class KnownPagesTests(PostgresServerFixture server) : IAsyncLifetime
{
    private static readonly RawPage Page1 = new("-", 1, "https://api.example/?limit=3&page=1", Encoding.UTF8.GetBytes("{\"page\":1}"));
    private static readonly RawPage Page2 = new("-", 2, "https://api.example/?limit=3&page=2", Encoding.UTF8.GetBytes("{\"page\":2}"));
    private readonly DatabaseFixture _database = new(server);

    public ValueTask InitializeAsync() => _database.InitializeAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task TryBeginRunAsync_LatestSnapshotsRunArchivedPages_KnowsThemAndTheRowsItRead()
    {
        var store = Stores.Create(_database.DataSource);
        await PublishAsync(store, UnhcrDatasets.Idmc, YearScope.All, [Page1, Page2]);

        var known = await KnownPagesAsync(store, new RunRequest(UnhcrDatasets.Idmc, RunTrigger.Manual, YearScope.All));

        Assert.Equal((2, 6L), (known.Count, known.Rows));
        Assert.True(known.Contains(Page1));
        Assert.True(known.Contains(Page2));
        Assert.False(known.Contains(new RawPage("-", 2, Page2.RequestUri, Encoding.UTF8.GetBytes("{\"page\":2,\"revised\":true}"))));
        Assert.False(known.Contains(Page2 with { RequestUri = Page1.RequestUri }));
    }

    [Fact]
    public async Task TryBeginRunAsync_OtherScope_KnowsNoPages()
    {
        var store = Stores.Create(_database.DataSource);
        await PublishAsync(store, UnhcrDatasets.Idmc, YearScope.All, [Page1, Page2]);

        var other = await KnownPagesAsync(store, new RunRequest(UnhcrDatasets.Idmc, RunTrigger.Backfill, YearScope.Between(2020, 2021)));
        var same = await KnownPagesAsync(store, new RunRequest(UnhcrDatasets.Idmc, RunTrigger.Backfill, YearScope.All));

        Assert.Equal(0, other.Count);
        Assert.Equal(2, same.Count);
    }

    [Fact]
    public async Task TryBeginRunAsync_Reprocess_KnowsNoPages()
    {
        var store = Stores.Create(_database.DataSource);
        var published = await PublishAsync(store, UnhcrDatasets.Idmc, YearScope.All, [Page1, Page2]);

        var known = await KnownPagesAsync(store, new RunRequest(UnhcrDatasets.Idmc, RunTrigger.Reprocess, YearScope.All, ReprocessOf: published));

        Assert.Equal(0, known.Count);
    }

    /// <summary>The pages are the latest snapshot's run's, not any earlier run's: a run that archived none gives none.</summary>
    [Fact]
    public async Task TryBeginRunAsync_LatestSnapshotsRunArchivedNoPages_KnowsNoPages()
    {
        var store = Stores.Create(_database.DataSource);
        await PublishAsync(store, UnhcrDatasets.Idmc, YearScope.All, [Page1, Page2]);
        await PublishAsync(store, UnhcrDatasets.Idmc, YearScope.All, [], value: 101);

        var known = await KnownPagesAsync(store, new RunRequest(UnhcrDatasets.Idmc, RunTrigger.Manual, YearScope.All));

        Assert.Equal(0, known.Count);
        Assert.Equal(2L, await _database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM ingestion.snapshots WHERE dataset = 'unhcr.idmc' AND status = 'published'"));
    }

    /// <summary>A run that archives <paramref name="pages"/> and publishes 6 rows read from them (3 pairs, 2020–2021); returns its id.</summary>
    private static async Task<long> PublishAsync(PostgresSnapshotStore store, DatasetDescriptor dataset, YearScope scope, RawPage[] pages, long value = 100)
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new RunRequest(dataset, RunTrigger.Manual, scope);
        await using var session = (await store.TryBeginRunAsync(request, ct))!;
        var context = new FetchContext(scope, session.Archive, new FetchStatistics());
        foreach (var page in pages)
        {
            await session.Archive.ArchiveAsync(page with { Dataset = dataset.Name }, ct);
        }

        var rows = SyntheticRows.Grid(2020, 2021, 3, value);
        context.Statistics.AddRows(rows.Count);
        var result = await StagedRun.CompleteAsync(session, request, rows.ToAsyncEnumerable(), new QualityGateOptions(), dryRun: false, context, TimeProvider.System, ct);
        Assert.Equal(RunStatus.Published, result.Status);
        return session.RunId;
    }

    private static async Task<KnownPages> KnownPagesAsync(PostgresSnapshotStore store, RunRequest request)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = (await store.TryBeginRunAsync(request, ct))!;
        var known = session.KnownPages;
        await session.FailAsync("known pages test", new FetchStatistics(), ct);
        return known;
    }
}
