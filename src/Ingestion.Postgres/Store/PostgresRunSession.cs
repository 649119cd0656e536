using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;
using Ingestion.Core.Rows;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Archive;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// One running run: owns a connection holding the dataset's advisory lock, the staging table on it, and the run
/// row. Executes what Core decided; ends the run exactly once (published / unchanged / quarantined / failed);
/// disposing an unfinished session records it failed. Outcome writes that must survive a broken run connection go
/// through the data source.
/// </summary>
internal sealed class PostgresRunSession(
    NpgsqlDataSource dataSource, NpgsqlConnection connection, RunRequest request, long runId, BaseSnapshot baseSnapshot, TimeProvider time) : IRunSession
{
    private readonly StagingTable _staging = new(connection);
    private bool _finished;

    /// <summary>Nothing was current in the scope: the rows went straight into versions, in the open publish transaction.</summary>
    private DirectPublish? _direct;
    private string? _contentSha256;

    public long RunId => runId;

    public IRawPageArchive Archive { get; } = new RunPageArchive(dataSource, runId, time);

    public string? KnownRelease => baseSnapshot.Scope == request.Scope ? baseSnapshot.Release : null;

    private DatasetDescriptor Dataset => request.Dataset;

    public async Task StageAsync(IAsyncEnumerable<HashedRow> rows, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        if (!await ScopeDiff.HasCurrentRowsAsync(connection, Dataset, request.Scope, cancellationToken))
        {
            _direct = await DirectPublish.BeginAsync(connection, Dataset, cancellationToken);
            await _direct.CopyAsync(ReadAhead.Of(IndexOrder.WithinWindows(rows, cancellationToken), cancellationToken), cancellationToken);
            if (_direct.Rows == 0)
            {
                // No rows at all: the ordinary (empty) diff decides what that means.
                await DiscardDirectAsync();
            }

            return;
        }

        await _staging.AddAsync(ReadAhead.Of(rows, cancellationToken), cancellationToken);
    }

    public async Task<ScopeComparison> CompareAsync(BatchProfile staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staged);
        ThrowIfFinished();
        _contentSha256 = staged.ContentSha256;
        if (baseSnapshot.IsSameContent(request.Scope, _contentSha256))
        {
            return new ScopeComparison(baseSnapshot.SnapshotId, staged.Rows, null, DiffCounts.None, [], SameContent: true);
        }

        if (_direct is not null)
        {
            return new ScopeComparison(baseSnapshot.SnapshotId, 0, null, new DiffCounts(staged.Rows, 0, 0), []);
        }

        var (rowsBefore, latestYear) = await ScopeDiff.ReadScopeAsync(connection, Dataset, request.Scope, cancellationToken);
        await _staging.FlushAsync(cancellationToken);
        var counts = await ScopeDiff.ComputeAsync(connection, Dataset, request.Scope, rowsBefore, staged.Rows, cancellationToken);
        var losing = await ScopeDiff.MeasuresLosingAllValuesAsync(connection, Dataset, request.Scope, staged.MeasuresWithoutValues, cancellationToken);
        return new ScopeComparison(baseSnapshot.SnapshotId, rowsBefore, latestYear, counts, losing);
    }

    public async Task<long> PublishAsync(
        ScopeComparison comparison, BatchProfile staged, QualityReport report, string? release, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(staged);
        ArgumentNullException.ThrowIfNull(report);
        ThrowIfFinished();
        var now = time.GetUtcNow();
        var counts = comparison.Counts;
        await using var transaction = _direct?.Transaction ?? await connection.BeginTransactionAsync(cancellationToken);
        var snapshotId = _direct?.SnapshotId ?? await SnapshotSql.NextIdAsync(connection, transaction, cancellationToken);
        var snapshot = new NewSnapshot(snapshotId, Dataset, runId, now, request.Scope, staged.ContentSha256, staged.Rows,
            counts, report.Passed ? null : report, comparison.BaseSnapshotId, release);
        if (report.Passed)
        {
            if (_direct is null)
            {
                await SnapshotSql.ApplyDiffAsync(connection, transaction, Dataset, snapshotId, counts, cancellationToken);
            }

            await SnapshotSql.InsertAsync(connection, transaction, snapshot, cancellationToken);
            await SnapshotSql.NotifyAsync(connection, transaction, Dataset, snapshotId, counts, cancellationToken);
        }
        else
        {
            if (_direct is not null)
            {
                throw new InvalidOperationException($"Run {runId} of {Dataset.Name} skipped its diff, so it has nothing to quarantine.");
            }

            await SnapshotSql.InsertAsync(connection, transaction, snapshot, cancellationToken);
            await SnapshotSql.ParkDiffAsync(connection, transaction, snapshotId, cancellationToken);
        }

        var outcome = report.Passed ? RunStatus.Published : RunStatus.Quarantined;
        await RunLedger.FinishAsync(connection, transaction, runId, new RunOutcome(outcome, snapshotId, Counts: counts), now, statistics, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _direct = null;
        _finished = true;
        return snapshotId;
    }

    public async Task EndUnchangedAsync(ScopeComparison? comparison, RunStatus? dryRunOutcome, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        await DiscardDirectAsync();
        await FinishAsync(new RunOutcome(RunStatus.Unchanged, Counts: comparison?.Counts ?? DiffCounts.None, DryRunOutcome: dryRunOutcome), statistics, cancellationToken);
        if (comparison is { SameContent: false, Counts.IsEmpty: true } && baseSnapshot.Scope == request.Scope && _contentSha256 is { } sha256)
        {
            await RestampAsync(sha256, cancellationToken);
        }
    }

    public async Task FailAsync(string reason, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        await DiscardDirectAsync();
        await FinishAsync(new RunOutcome(RunStatus.Failed, Error: reason), statistics, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DiscardDirectAsync();
            if (!_finished)
            {
                await FinishAsync(
                    new RunOutcome(RunStatus.Failed, Error: "The run ended without publishing or recording a failure."),
                    new FetchStatistics(), CancellationToken.None);
            }

            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await ReleaseAsync();
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// The diff proved the latest snapshot's scope holds exactly the staged content, yet its content hash differs
    /// (it was computed by an older form of the hash): give it this one, so the next identical run skips the diff.
    /// </summary>
    private async Task RestampAsync(string contentSha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE ingestion.snapshots SET content_sha256 = @content_sha256 WHERE snapshot_id = @snapshot_id AND status = 'published'");
        command.Parameters.AddWithValue("content_sha256", contentSha256);
        command.Parameters.AddWithValue("snapshot_id", baseSnapshot.SnapshotId!.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rolls back versions copied by a direct publish that is not going to commit (a no-op after it did).</summary>
    private async Task DiscardDirectAsync()
    {
        if (_direct is null)
        {
            return;
        }

        var direct = _direct;
        _direct = null;
        try
        {
            await direct.DisposeAsync();
        }
        catch (NpgsqlException) when (connection.FullState is System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed)
        {
            // The backend is gone, and its open transaction with it: nothing was committed.
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await using var cleanup = new NpgsqlCommand("DROP TABLE IF EXISTS pg_temp.run_staging, pg_temp.run_diff", connection);
            await cleanup.ExecuteNonQueryAsync(CancellationToken.None);
            await DatasetLock.ReleaseAsync(connection, Dataset.Name, CancellationToken.None);
        }
        catch (NpgsqlException) when (connection.FullState is System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed)
        {
            // The backend was gone (killed, or the server restarted): its lock and temp tables went with it.
        }
    }

    /// <summary>Ends the run row through a fresh connection, so a failure is recorded even when the run's connection broke.</summary>
    private async Task FinishAsync(RunOutcome outcome, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        await using var ledger = await dataSource.OpenConnectionAsync(cancellationToken);
        await RunLedger.FinishAsync(ledger, null, runId, outcome, time.GetUtcNow(), statistics, cancellationToken);
        _finished = true;
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException($"Run {runId} of {Dataset.Name} has already ended.");
        }
    }
}
