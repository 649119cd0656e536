using Ingestion.Core.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Archive;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// One running run: owns a connection holding the dataset's advisory lock, the staging table on it, and the run
/// row. Ends the run exactly once (published / unchanged / quarantined / failed); disposing an unfinished session
/// records it failed. Outcome writes that must survive a broken run connection go through the data source.
/// </summary>
internal sealed class PostgresRunSession(
    NpgsqlDataSource dataSource, NpgsqlConnection connection, RunRequest request, long runId, TimeProvider time) : IRunSession
{
    private readonly StagingTable _staging = new(connection, request.Dataset, request.Scope);
    private bool _finished;

    public long RunId => runId;

    public IRawPageArchive Archive { get; } = new RunPageArchive(dataSource, runId, time);

    private DatasetDescriptor Dataset => request.Dataset;

    public Task<long> StageAsync(IAsyncEnumerable<StatRow> rows, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        return _staging.AddAsync(rows, cancellationToken);
    }

    public async Task<PublishResult> PublishAsync(QualityGateOptions gate, bool dryRun, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        using var spans = new RunStageSpans(Dataset.Name);
        spans.Begin(IngestionSpanNames.Diff);
        var before = await ScopeDiff.ReadBaseAsync(connection, Dataset, cancellationToken);
        var contentSha256 = _staging.ContentSha256();
        if (before.IsSameContent(request.Scope, contentSha256))
        {
            var none = new DiffCounts(0, 0, 0);
            await FinishAsync(new RunOutcome(RunStatus.Unchanged, Counts: none, DryRunOutcome: dryRun ? RunStatus.Unchanged : null), statistics, cancellationToken);
            return new PublishResult(RunStatus.Unchanged, null, _staging.RowCount, 0, 0, 0, null);
        }

        before = await ScopeDiff.ReadScopeAsync(connection, Dataset, request.Scope, before, cancellationToken);

        // Nothing current in the scope and every row still in memory: all rows are added, the gate cannot object
        // (its rules compare against current rows), and the rows go straight into the versions table.
        var direct = before.RowCount == 0 && _staging.RowCount > 0 && _staging.IsBuffered;
        var counts = new DiffCounts(_staging.RowCount, 0, 0);
        IReadOnlyList<string> losing = [];
        if (!direct)
        {
            await _staging.FlushAsync(cancellationToken);
            counts = await ScopeDiff.ComputeAsync(connection, Dataset, request.Scope, before, _staging.RowCount, cancellationToken);
            losing = await ScopeDiff.MeasuresLosingAllValuesAsync(connection, Dataset, request.Scope, _staging.MeasuresWithoutValues, cancellationToken);
        }

        spans.Begin(IngestionSpanNames.Gate);
        var report = QualityGate.Evaluate(gate, before, _staging.RowCount, _staging.Years, counts, losing, Dataset.HasYear);
        var outcome = counts.IsEmpty ? RunStatus.Unchanged : report.Passed ? RunStatus.Published : RunStatus.Quarantined;
        spans.Begin(IngestionSpanNames.Publish)?.SetTag(IngestionTagNames.Outcome, StatusText.Of(dryRun ? RunStatus.Unchanged : outcome));

        if (dryRun || outcome == RunStatus.Unchanged)
        {
            await FinishAsync(new RunOutcome(RunStatus.Unchanged, Counts: counts, DryRunOutcome: dryRun ? outcome : null), statistics, cancellationToken);
            return new PublishResult(outcome, null, _staging.RowCount, counts.Added, counts.Revised, counts.Removed, report.Passed ? null : report);
        }

        var now = time.GetUtcNow();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var snapshotId = await SnapshotSql.NextIdAsync(connection, transaction, cancellationToken);
        var snapshot = new NewSnapshot(snapshotId, Dataset, runId, now, request.Scope, contentSha256, _staging.RowCount,
            counts, report.Passed ? null : report, before.BaseSnapshotId);
        if (report.Passed)
        {
            if (direct)
            {
                await _staging.CopyIntoVersionsAsync(snapshotId, cancellationToken);
            }
            else
            {
                await SnapshotSql.ApplyDiffAsync(connection, transaction, Dataset, snapshotId, counts, cancellationToken);
            }

            await SnapshotSql.InsertAsync(connection, transaction, snapshot, cancellationToken);
            await SnapshotSql.NotifyAsync(connection, transaction, Dataset, snapshotId, counts, cancellationToken);
        }
        else
        {
            await SnapshotSql.InsertAsync(connection, transaction, snapshot, cancellationToken);
            await SnapshotSql.ParkDiffAsync(connection, transaction, snapshotId, cancellationToken);
        }

        await RunLedger.FinishAsync(connection, transaction, runId, new RunOutcome(outcome, snapshotId, Counts: counts), now, statistics, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _finished = true;
        return new PublishResult(outcome, snapshotId, _staging.RowCount, counts.Added, counts.Revised, counts.Removed, report.Passed ? null : report);
    }

    public Task FailAsync(string reason, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        return FinishAsync(new RunOutcome(RunStatus.Failed, Error: reason), statistics, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
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
