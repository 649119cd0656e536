using System.Collections.Concurrent;
using System.Diagnostics;
using Ingestion.Core.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Failover;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.Releases;

/// <summary>
/// A re-run whose pages are byte for byte the pages the current snapshot's run archived parses none of them: it
/// fetches and archives every page and ends unchanged. A release that changes one page publishes exactly its revision,
/// the earlier pages read back from the run's archive. The pipeline as the worker composes it (<see cref="FailoverRun"/>:
/// unhcr.idmc of shared/data/unhcr-refugees-r/2025.12.1/idmc.csv, 934 rows sorted by year, 5 pages of 200, one at a
/// time), a real database, the fake UNHCR API over HTTP. Parsing is seen in the run's parse spans.
/// </summary>
public sealed class UnchangedPagesTests(PostgresServerFixture server) : IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);
    private readonly FakeUnhcrApi _api = new();
    private readonly ParseSpans _parses = new();
    private readonly string _revisedRelease = Path.Combine(Path.GetTempPath(), $"ingestion-release-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _parses.Dispose();
        await _api.DisposeAsync();
        if (Directory.Exists(_revisedRelease))
        {
            Directory.Delete(_revisedRelease, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_SameReleaseAgain_EndsUnchangedArchivingEveryPageWithoutParsing()
    {
        var database = await server.MigratedAsync("same_pages");
        await using var run = FailoverRun.Create(database, _api, Budget);
        var first = await RunAsync(run, YearScope.All);

        var second = await RunAsync(run, YearScope.All);

        Assert.Equal(RunStatus.Published, first.Status);
        Assert.Equal((RunStatus.Unchanged, (long?)null, 5L, 934L), (second.Status, second.SnapshotId, second.Pages, second.RowsRead));
        Assert.Equal([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], run.PageRequests()); // every page fetched, once per run
        Assert.Equal([1, 2, 3, 4, 5], _parses.PagesOf(first.RunId));
        Assert.Empty(_parses.PagesOf(second.RunId));
        Assert.Equal(["unchanged|5|934"], await run.RowsAsync($"SELECT status, pages, rows_read FROM ingestion.runs WHERE run_id = {second.RunId}"));
        Assert.Equal(["1|True", "2|True", "3|True", "4|True", "5|True"], await run.RowsAsync(SamePagesQuery(first, second)));
        Assert.Equal([$"{first.SnapshotId}"], await run.RowsAsync("SELECT snapshot_id FROM ingestion.snapshots"));
    }

    /// <summary>One value revised (its total one higher) on the last or on a middle page.</summary>
    [Theory]
    [InlineData(933, 5, "2025|YEM|YEM|4796001")]
    [InlineData(400, 3, "2016|MKD|MKD|151")]
    public async Task RunAsync_ReleaseRevisingOnePage_PublishesExactlyTheRevisedRow(int dataRow, int page, string revised)
    {
        var database = await server.MigratedAsync("one_page_revised");
        await using var run = FailoverRun.Create(database, _api, Budget);
        var first = await RunAsync(run, YearScope.All);
        _api.Release = ReleaseWithOneTotalRevised(dataRow);

        var second = await RunAsync(run, YearScope.All);

        Assert.Equal((RunStatus.Published, (string?)null, 0L, 1L, 0L), (second.Status, second.Error, second.Added, second.Revised, second.Removed));
        Assert.Equal((5L, 934L), (second.Pages, second.RowsRead));
        Assert.Equal([1, 2, 3, 4, 5], _parses.PagesOf(second.RunId)); // the pages before the revised one read back from the archive
        Assert.Equal([.. Enumerable.Range(1, 5).Select(p => $"{p}|{(p == page ? "False" : "True")}")], await run.RowsAsync(SamePagesQuery(first, second)));
        Assert.Equal([$"{second.SnapshotId}|934|1"], await run.RowsAsync($"SELECT snapshot_id, row_count, revised FROM ingestion.snapshots WHERE run_id = {second.RunId}"));
        Assert.Equal(["934"], await run.RowsAsync("SELECT count(*) FROM stats.unhcr_idmc"));
        Assert.Equal([revised], await run.RowsAsync($"SELECT year, origin_iso, asylum_iso, total FROM stats.unhcr_idmc WHERE snapshot_id = {second.SnapshotId}"));
    }

    /// <summary>Another scope asks other questions (its request URIs), and a reprocess must re-read: both parse every page.</summary>
    [Fact]
    public async Task RunAsync_OtherScopeOrReprocess_ParsesEveryPage()
    {
        var database = await server.MigratedAsync("pages_other_scope");
        await using var run = FailoverRun.Create(database, _api, Budget);
        var first = await RunAsync(run, YearScope.All);

        var scoped = await RunAsync(run, YearScope.Between(1990, 2025));
        var reprocessed = await RunAsync(run, YearScope.All, reprocessOf: first.RunId);

        Assert.Equal((RunStatus.Unchanged, 934L), (scoped.Status, scoped.RowsRead));
        Assert.Equal([1, 2, 3, 4, 5], _parses.PagesOf(scoped.RunId));
        Assert.Equal((RunStatus.Unchanged, 934L), (reprocessed.Status, reprocessed.RowsRead));
        Assert.Equal([1, 2, 3, 4, 5], _parses.PagesOf(reprocessed.RunId));
    }

    private static Task<RunOutcome> RunAsync(FailoverRun run, YearScope scope, long? reprocessOf = null) => run.Pipeline.RunAsync(
        new RunRequest(UnhcrDatasets.Idmc, reprocessOf is null ? RunTrigger.Manual : RunTrigger.Reprocess, scope, reprocessOf),
        new QualityGateOptions(), dryRun: false, TestContext.Current.CancellationToken);

    /// <summary>Per page of the second run: whether it archived the very page the first did (same request, same SHA-256).</summary>
    private static string SamePagesQuery(RunOutcome first, RunOutcome second) => $"""
        SELECT b.page_number, a.request_uri = b.request_uri AND a.sha256 = b.sha256
        FROM ingestion.run_pages b LEFT JOIN ingestion.run_pages a ON a.run_id = {first.RunId} AND a.page_number = b.page_number
        WHERE b.run_id = {second.RunId} ORDER BY b.page_number
        """;

    /// <summary>
    /// A release folder of this test's own: unhcr.idmc of 2025.12.1 with the total of data row <paramref name="dataRow"/>
    /// (0-based; the file is sorted by year, so the row is on page dataRow / 200 + 1) one higher.
    /// </summary>
    private string ReleaseWithOneTotalRevised(int dataRow)
    {
        var lines = File.ReadAllLines(SharedData.File("unhcr-refugees-r", FakeUnhcrTable.LatestRelease, "idmc.csv"));
        var comma = lines[dataRow + 1].LastIndexOf(',');
        lines[dataRow + 1] = lines[dataRow + 1][..(comma + 1)] + (long.Parse(lines[dataRow + 1][(comma + 1)..], System.Globalization.CultureInfo.InvariantCulture) + 1);
        Directory.CreateDirectory(_revisedRelease);
        File.WriteAllLines(Path.Combine(_revisedRelease, "idmc.csv"), lines);
        return _revisedRelease;
    }

    /// <summary>The page numbers of every parse span, by run id (listeners are process-wide and tests run in parallel).</summary>
    private sealed class ParseSpans : IDisposable
    {
        private readonly ConcurrentQueue<(long RunId, int Page)> _parsed = new();
        private readonly ActivityListener _listener;

        public ParseSpans()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == IngestionActivitySource.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = span =>
                {
                    if (span.OperationName == IngestionSpanNames.Parse && span.GetTagItem(IngestionTagNames.RunId) is long runId)
                    {
                        _parsed.Enqueue((runId, (int)span.GetTagItem(IngestionTagNames.Page)!));
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<int> PagesOf(long? runId) => [.. _parsed.Where(p => p.RunId == runId).Select(p => p.Page).Order()];

        public void Dispose() => _listener.Dispose();
    }
}
