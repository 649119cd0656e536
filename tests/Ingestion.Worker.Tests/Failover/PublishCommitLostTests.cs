using Ingestion.Core.Pipeline;
using Ingestion.Core.Runs;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Cli;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.Failover;

/// <summary>
/// A publish whose connection breaks exactly at its COMMIT (<see cref="CommitLossProxy"/> reads the wire protocol and
/// loses that one message, then resets the worker's side; the server's side stays open, so the old backend lives on
/// and the check must end it first). When the server committed but its reply was lost, the run checks the run and
/// snapshot rows and ends published with the snapshot that committed: nothing is retried, so the snapshot sequence
/// moved once and the versions were written once; the run row counts the check's retries. When the COMMIT never
/// reached the server, the publish provably did not happen and is retried (from the archived pages), publishing once.
/// The first publish of a scope copies its rows straight into the versions; a later release applies a diff: both.
/// </summary>
public sealed class PublishCommitLostTests(PostgresServerFixture server) : IAsyncLifetime
{
    /// <summary>The publish transaction's snapshot INSERT (SnapshotSql): only the connection publishing sends it.</summary>
    private const string PublishMarker = "INSERT INTO ingestion.snapshots";

    private const string RunsQuery = "SELECT run_id, status, snapshot_id, db_retries FROM ingestion.runs ORDER BY run_id";

    private const string SnapshotsQuery = "SELECT snapshot_id, status, run_id, row_count FROM ingestion.snapshots ORDER BY snapshot_id";

    private const string VersionsQuery = "SELECT valid_from, valid_to, count(*) FROM ingestion.versions GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST";

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private readonly FakeUnhcrApi _api = new();
    private readonly string _revisedRelease = Path.Combine(Path.GetTempPath(), $"ingestion-release-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        if (Directory.Exists(_revisedRelease))
        {
            Directory.Delete(_revisedRelease, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_CommitReplyLostOnFirstPublish_EndsPublishedWithTheCommittedSnapshotWithoutRetrying()
    {
        var database = await server.MigratedAsync("commit_reply");
        await using var proxy = CommitLossProxy.Start(database);
        await using var run = FailoverRun.Create(proxy.Route(database), _api, Budget);
        proxy.LoseNextCommit(PublishMarker, CommitLoss.Reply);

        var outcome = await run.RunAsync();

        Assert.Equal(1, proxy.CommitsLost);
        Assert.Equal((RunStatus.Published, (string?)null, (long)FailoverRun.Rows, 0L, 0L), (outcome.Status, outcome.Error, outcome.Added, outcome.Revised, outcome.Removed));
        Assert.True(outcome.DatabaseRetries > 0, "the check did not wait out the old backend"); // it lived on: a network break
        Assert.Equal([1, 2, 3, 4, 5], run.PageRequests()); // the run was not resumed
        Assert.Equal([$"{outcome.RunId}|published|{outcome.SnapshotId}|{outcome.DatabaseRetries}"], await RowsAsync(database, RunsQuery));
        Assert.Equal([$"{outcome.SnapshotId}|published|{outcome.RunId}|{FailoverRun.Rows}"], await RowsAsync(database, SnapshotsQuery));
        // No second attempt: it would have taken another snapshot id and copied the rows again.
        Assert.Equal([$"{outcome.SnapshotId}"], await RowsAsync(database, "SELECT last_value FROM ingestion.snapshot_ids"));
        Assert.Equal([$"{outcome.SnapshotId}||{FailoverRun.Rows}"], await RowsAsync(database, VersionsQuery));
        Assert.Equal([$"{FailoverRun.Rows}"], await RowsAsync(database, "SELECT count(*) FROM stats.unhcr_idmc"));
        // The run's end is the one written in the publish transaction, not one written after the check.
        Assert.Equal(["True"], await RowsAsync(database, "SELECT r.finished_at = s.published_at FROM ingestion.runs r JOIN ingestion.snapshots s USING (run_id)"));
    }

    [Fact]
    public async Task RunAsync_CommitReplyLostOnSecondRelease_EndsPublishedWithTheCommittedDiffWithoutRetrying()
    {
        var database = await server.MigratedAsync("commit_reply_diff");
        await using var proxy = CommitLossProxy.Start(database);
        await using var run = FailoverRun.Create(proxy.Route(database), _api, Budget);
        var first = await run.RunAsync();
        _api.Release = ReleaseWithOneValueRevised();
        proxy.LoseNextCommit(PublishMarker, CommitLoss.Reply);

        var second = await run.RunAsync();

        Assert.Equal(1, proxy.CommitsLost);
        Assert.Equal(RunStatus.Published, first.Status);
        Assert.Equal((RunStatus.Published, (string?)null, 0L, 1L, 0L), (second.Status, second.Error, second.Added, second.Revised, second.Removed));
        Assert.True(second.DatabaseRetries > 0, "the check did not wait out the old backend");
        Assert.Equal([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], run.PageRequests());
        Assert.Equal([$"{second.SnapshotId}"], await RowsAsync(database, "SELECT last_value FROM ingestion.snapshot_ids"));
        await AssertSecondReleaseAppliedOnceAsync(database, first, second);
    }

    [Fact]
    public async Task RunAsync_CommitLostBeforeReachingServer_PublishRetriedFromArchiveAndPublishedOnce()
    {
        var database = await server.MigratedAsync("commit_request");
        await using var proxy = CommitLossProxy.Start(database);
        await using var run = FailoverRun.Create(proxy.Route(database), _api, Budget);
        proxy.LoseNextCommit(PublishMarker, CommitLoss.Request);

        var outcome = await run.RunAsync();

        Assert.Equal(1, proxy.CommitsLost);
        Assert.Equal((RunStatus.Published, (string?)null, (long)FailoverRun.Rows), (outcome.Status, outcome.Error, outcome.Added));
        Assert.True(outcome.DatabaseRetries > 0, "the run counted no database retry");
        Assert.Equal([1, 2, 3, 4, 5], run.PageRequests()); // the retried attempt read the archived pages
        Assert.Equal([$"{outcome.RunId}|published|{outcome.SnapshotId}|{outcome.DatabaseRetries}"], await RowsAsync(database, RunsQuery));
        Assert.Equal([$"{outcome.SnapshotId}|published|{outcome.RunId}|{FailoverRun.Rows}"], await RowsAsync(database, SnapshotsQuery));
        // The rolled-back attempt's rows are gone with its snapshot id; the retry's are all there is.
        Assert.Equal([$"{outcome.SnapshotId}||{FailoverRun.Rows}"], await RowsAsync(database, VersionsQuery));
    }

    [Fact]
    public async Task RunAsync_CommitLostBeforeReachingServerOnSecondRelease_DiffRetriedFromArchiveAndAppliedOnce()
    {
        var database = await server.MigratedAsync("commit_request_diff");
        await using var proxy = CommitLossProxy.Start(database);
        await using var run = FailoverRun.Create(proxy.Route(database), _api, Budget);
        var first = await run.RunAsync();
        _api.Release = ReleaseWithOneValueRevised();
        proxy.LoseNextCommit(PublishMarker, CommitLoss.Request);

        var second = await run.RunAsync();

        Assert.Equal(1, proxy.CommitsLost);
        Assert.Equal((RunStatus.Published, (string?)null, 0L, 1L, 0L), (second.Status, second.Error, second.Added, second.Revised, second.Removed));
        Assert.True(second.DatabaseRetries > 0, "the run counted no database retry");
        Assert.Equal([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], run.PageRequests()); // the retried attempt rebuilt its staging from the archive
        await AssertSecondReleaseAppliedOnceAsync(database, first, second);
    }

    /// <summary>
    /// Both releases published once, each by its own run (the second counting its database retries), and the second's
    /// diff applied once: one version closed by the second snapshot, one opened by it, with the revised value.
    /// </summary>
    private static async Task AssertSecondReleaseAppliedOnceAsync(string database, RunOutcome first, RunOutcome second)
    {
        Assert.Equal(
            [$"{first.RunId}|published|{first.SnapshotId}|0", $"{second.RunId}|published|{second.SnapshotId}|{second.DatabaseRetries}"],
            await RowsAsync(database, RunsQuery));
        Assert.Equal(
            [$"{first.SnapshotId}|published|{first.RunId}|{FailoverRun.Rows}", $"{second.SnapshotId}|published|{second.RunId}|{FailoverRun.Rows}"],
            await RowsAsync(database, SnapshotsQuery));
        Assert.Equal(
            [$"{first.SnapshotId}||{FailoverRun.Rows - 1}", $"{first.SnapshotId}|{second.SnapshotId}|1", $"{second.SnapshotId}||1"],
            await RowsAsync(database, VersionsQuery));
        Assert.Equal(["1990|21300001"], await RowsAsync(database, $"SELECT year, total FROM stats.unhcr_idmc WHERE snapshot_id = {second.SnapshotId}"));
    }

    /// <summary>Rows queried directly, not through the proxy.</summary>
    private static Task<List<string>> RowsAsync(string connectionString, string sql) =>
        Sql.RowsAsync(connectionString, sql, TestContext.Current.CancellationToken);

    /// <summary>
    /// A release folder of this test's own: unhcr.idmc of 2025.12.1 (shared/data/unhcr-refugees-r/2025.12.1/idmc.csv)
    /// with its first row's total (1990, Unknown → Unknown, 21,300,000) revised to 21,300,001.
    /// </summary>
    private string ReleaseWithOneValueRevised()
    {
        var lines = File.ReadAllLines(SharedData.File("unhcr-refugees-r", FakeUnhcrTable.LatestRelease, "idmc.csv"));
        Assert.EndsWith(",21300000", lines[1], StringComparison.Ordinal);
        lines[1] = lines[1][..^"21300000".Length] + "21300001";
        Directory.CreateDirectory(_revisedRelease);
        File.WriteAllLines(Path.Combine(_revisedRelease, "idmc.csv"), lines);
        return _revisedRelease;
    }
}
