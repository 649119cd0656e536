using Ingestion.Core.Runs;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.Failover;

/// <summary>
/// A database gone for longer than the retry budget (2 s here) fails the run with one line, and the worker
/// recovers by itself: once the database is back, its failure is recorded on the run row and the next run publishes.
/// </summary>
public sealed class DatabaseOutageTests(RestartablePostgres postgres) : IClassFixture<RestartablePostgres>, IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
    private readonly FakeUnhcrApi _api = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task RunAsync_DatabaseGoneLongerThanBudget_FailsWithOneLineThenNextRunPublishes()
    {
        await using var run = FailoverRun.Create(await postgres.CreateMigratedDatabaseAsync("outage"), _api, Budget);
        var stopped = 0;
        _api.BeforeServing = async request =>
        {
            if (request.Limit == FailoverRun.PageSize && request.Page == 2 && Interlocked.Increment(ref stopped) == 1)
            {
                await postgres.StopAsync();
            }
        };

        var failed = await run.RunAsync();
        await postgres.StartAsync();
        var next = await run.RunAsync();

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith("The database was unreachable for longer than the retry budget (00:00:02, Ingestion:Database:RetryBudget): ", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failed.Error!);
        Assert.True(failed.DatabaseRetries > 0, "the failed run counted no database retry");
        Assert.Equal((RunStatus.Published, (long)FailoverRun.Rows), (next.Status, next.RowsRead));
        Assert.Equal(
            [$"{failed.RunId}|failed|{failed.Error}|{failed.DatabaseRetries}|", $"{next.RunId}|published||0|{next.SnapshotId}"],
            await run.RowsAsync("SELECT run_id, status, error, db_retries, snapshot_id FROM ingestion.runs ORDER BY run_id"));
        Assert.Equal([$"{next.SnapshotId}|{FailoverRun.Rows}"], await run.RowsAsync("SELECT snapshot_id, row_count FROM ingestion.snapshots"));
    }
}
