using Ingestion.Core.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;
using Ingestion.Core.Rows;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Archive;
using Ingestion.Postgres.Resilience;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// One running run: owns a connection holding the dataset's advisory lock, the staging table on it, and the run
/// row. Executes what Core decided; ends the run exactly once (published / unchanged / quarantined / failed);
/// disposing an unfinished session records it failed. Outcome writes that must survive a broken run connection go
/// through the data source. When the run's connection is lost, <see cref="ResumingAsync{T}"/> takes the lock and
/// the row back on a new one and runs the attempt again (see docs/storage.md, "Database failover").
/// </summary>
internal sealed class PostgresRunSession : IRunSession
{
    /// <summary>A database that drops every attempt (yet answers in between) is not a failover: give up after this many.</summary>
    internal const int MaxAttempts = 10;

    private readonly NpgsqlDataSource _dataSource;
    private readonly RunRequest _request;
    private readonly BaseSnapshot _baseSnapshot;
    private readonly TimeProvider _time;
    private readonly DatabaseRetry _retry;
    private readonly DatabaseOutage _outage;
    private readonly UnrecordedRunEnds _unrecorded;
    private readonly ILogger _logger;
    private readonly int _stagingBufferRows;
    private NpgsqlConnection _connection;
    private StagingTable _staging;
    private bool _finished;

    /// <summary>Nothing was current in the scope: the rows went straight into the versions, not yet visible to readers.</summary>
    private DirectPublish? _direct;
    private string? _contentSha256;

    public PostgresRunSession(
        NpgsqlDataSource dataSource, NpgsqlConnection connection, RunRequest request, long runId, BaseSnapshot baseSnapshot,
        DatabaseRetry retry, DatabaseOutage outage, UnrecordedRunEnds unrecorded, ILogger logger, int stagingBufferRows = StagingTable.BufferLimit)
    {
        _dataSource = dataSource;
        _connection = connection;
        _request = request;
        _baseSnapshot = baseSnapshot;
        _time = retry.Time;
        _retry = retry;
        _outage = outage;
        _unrecorded = unrecorded;
        _logger = logger;
        _stagingBufferRows = stagingBufferRows;
        _staging = new StagingTable(connection, stagingBufferRows);
        RunId = runId;
        Archive = new RunPageArchive(dataSource, request.Dataset.Name, runId, _time, retry, outage);
    }

    public long RunId { get; }

    public int DatabaseRetries => _outage.Retries;

    public IRawPageArchive Archive { get; }

    public string? KnownRelease => _baseSnapshot.Scope == _request.Scope ? _baseSnapshot.Release : null;

    public KnownPages KnownPages => _baseSnapshot.Pages;

    private DatasetDescriptor Dataset => _request.Dataset;

    public async Task<T> ResumingAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (Exception e) when (!_finished && number < MaxAttempts && IsConnectionLost(e) && !cancellationToken.IsCancellationRequested)
            {
                if (!_outage.FailedWithin(_retry.Options.RetryBudget))
                {
                    throw new DatabaseUnavailableException(_retry.Options.RetryBudget, e);
                }

                _outage.Retried();
                DatabaseLog.Resuming(_logger, RunId, Dataset.Name, number + 1, ErrorText.FirstLine(e.Message));
                await ReconnectAsync(cancellationToken);
            }
        }
    }

    public async Task StageAsync(IAsyncEnumerable<HashedRow> rows, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        if (!await ScopeDiff.HasCurrentRowsAsync(_connection, Dataset, _request.Scope, cancellationToken))
        {
            _direct = await DirectPublish.BeginAsync(_dataSource, _connection, Dataset, cancellationToken);
            // Rows go in index order: into an indexed partition to keep its inserts at the index's edge, into a new one so
            // that its indexes, built after the load, find their input sorted.
            var ordered = _direct.LoadsNewPartition ? IndexOrder.WithinPeriods(rows, cancellationToken) : IndexOrder.WithinWindows(rows, cancellationToken);
            await _direct.CopyAsync(ReadAhead.Of(ordered, cancellationToken), cancellationToken);
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
        if (_baseSnapshot.IsSameContent(_request.Scope, _contentSha256))
        {
            return new ScopeComparison(_baseSnapshot.SnapshotId, staged.Rows, null, DiffCounts.None, [], SameContent: true);
        }

        if (_direct is not null)
        {
            return new ScopeComparison(_baseSnapshot.SnapshotId, 0, null, new DiffCounts(staged.Rows, 0, 0), []);
        }

        var scope = await _staging.DiffAsync(Dataset, _request.Scope, cancellationToken);
        var losing = await ScopeDiff.MeasuresLosingAllValuesAsync(_connection, Dataset, _request.Scope, staged.MeasuresWithoutValues, cancellationToken);
        return new ScopeComparison(_baseSnapshot.SnapshotId, scope.RowsBefore, scope.LatestYear, scope.Counts, losing);
    }

    public async Task<long> PublishAsync(
        ScopeComparison comparison, BatchProfile staged, QualityReport report, string? release, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(staged);
        ArgumentNullException.ThrowIfNull(report);
        ThrowIfFinished();
        try
        {
            var snapshotId = await PublishOnceAsync(comparison, staged, report, release, statistics, cancellationToken);
            _finished = true;
            return snapshotId;
        }
        catch (Exception e) when (IsConnectionLost(e))
        {
            // The COMMIT may or may not have reached the server: ask it (once it answers) before anything is retried.
            // DatabaseRetries is read at each attempt, so a committed run row gets the retries of the check itself.
            if (await _retry.ExecuteAsync(token => PublishCheck.CommittedSnapshotAsync(_dataSource, RunId, DatabaseRetries, token), _outage, cancellationToken) is { } committed)
            {
                DatabaseLog.PublishCommitted(_logger, RunId, Dataset.Name, committed);
                _finished = true;
                return committed;
            }

            DatabaseLog.PublishNotCommitted(_logger, RunId, Dataset.Name);
            throw;
        }
    }

    public async Task EndUnchangedAsync(ScopeComparison? comparison, RunStatus? dryRunOutcome, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        await DiscardDirectAsync();
        await FinishAsync(new RunOutcome(RunStatus.Unchanged, Counts: comparison?.Counts ?? DiffCounts.None, DryRunOutcome: dryRunOutcome), statistics, cancellationToken);
        if (comparison is { SameContent: false, Counts.IsEmpty: true } && _baseSnapshot.Scope == _request.Scope && _contentSha256 is { } sha256)
        {
            await _retry.ExecuteAsync(token => RestampAsync(sha256, token), _outage, cancellationToken);
        }
    }

    public async Task FailAsync(string reason, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        await DiscardDirectAsync();
        try
        {
            await FinishAsync(new RunOutcome(RunStatus.Failed, Error: reason), statistics, cancellationToken);
        }
        catch (DatabaseUnavailableException e)
        {
            // Recorded later, by this process, once the database answers (not lost: see UnrecordedRunEnds).
            _logger.LogWarning(e, "Run {RunId} of {Dataset}: its failure could not be recorded yet; it will be when the database answers", RunId, Dataset.Name);
            _unrecorded.Add(new UnrecordedRunEnd(RunId, _time.GetUtcNow(), reason, statistics, DatabaseRetries));
            _finished = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DiscardDirectAsync();
            if (!_finished)
            {
                await FailAsync("The run ended without publishing or recording a failure.", new FetchStatistics(), CancellationToken.None);
            }

            if (_connection.FullState == System.Data.ConnectionState.Open)
            {
                await ReleaseAsync();
            }
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<long> PublishOnceAsync(
        ScopeComparison comparison, BatchProfile staged, QualityReport report, string? release, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var counts = comparison.Counts;
        await using var transaction = _direct is not null ? await _direct.BeginPublishAsync(cancellationToken) : await _connection.BeginTransactionAsync(cancellationToken);
        var snapshotId = _direct?.SnapshotId ?? await SnapshotSql.NextIdAsync(_connection, transaction, cancellationToken);
        var snapshot = new NewSnapshot(snapshotId, Dataset, RunId, now, _request.Scope, staged.ContentSha256, staged.Rows,
            counts, report.Passed ? null : report, comparison.BaseSnapshotId, release);
        if (report.Passed)
        {
            if (_direct is null)
            {
                await SnapshotSql.ApplyDiffAsync(_connection, transaction, Dataset, snapshotId, counts, cancellationToken);
            }

            await SnapshotSql.InsertAsync(_connection, transaction, snapshot, cancellationToken);
            await SnapshotSql.NotifyAsync(_connection, transaction, Dataset, snapshotId, counts, cancellationToken);
        }
        else
        {
            if (_direct is not null)
            {
                throw new InvalidOperationException($"Run {RunId} of {Dataset.Name} skipped its diff, so it has nothing to quarantine.");
            }

            await SnapshotSql.InsertAsync(_connection, transaction, snapshot, cancellationToken);
            await SnapshotSql.ParkDiffAsync(_connection, transaction, snapshotId, cancellationToken);
        }

        var outcome = report.Passed ? RunStatus.Published : RunStatus.Quarantined;
        await RunLedger.FinishAsync(_connection, transaction, RunId, new RunOutcome(outcome, snapshotId, Counts: counts), now, statistics, DatabaseRetries, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _direct = null;
        return snapshotId;
    }

    /// <summary>
    /// A transient fault, or any failure once the run's own connection is broken (a command on a dead connection
    /// reports that, not the fault that killed it).
    /// </summary>
    private bool IsConnectionLost(Exception e) =>
        DatabaseFaults.IsTransient(e)
        || (e is NpgsqlException or InvalidOperationException && ConnectionIsGone);

    /// <summary>The run's connection broke or was closed under it (its backend, lock and temp tables are gone with it).</summary>
    private bool ConnectionIsGone => _connection.FullState is System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed;

    /// <summary>
    /// The old connection is dead, and a direct publish's open transaction with it: a new connection with the lock and
    /// the row, and an empty staging table on it.
    /// </summary>
    private async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        _direct = null;
        await _connection.DisposeAsync();
        _connection = await _retry.ExecuteAsync(token => RunClaim.ReclaimAsync(_dataSource, Dataset.Name, RunId, token), _outage, cancellationToken);
        _staging = new StagingTable(_connection, _stagingBufferRows);
        _contentSha256 = null;
    }

    /// <summary>
    /// The diff proved the latest snapshot's scope holds exactly the staged content, yet its content hash differs
    /// (it was computed by an older form of the hash): give it this one, so the next identical run skips the diff.
    /// </summary>
    private async ValueTask RestampAsync(string contentSha256, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE ingestion.snapshots SET content_sha256 = @content_sha256 WHERE snapshot_id = @snapshot_id AND status = 'published'");
        command.Parameters.AddWithValue("content_sha256", contentSha256);
        command.Parameters.AddWithValue("snapshot_id", _baseSnapshot.SnapshotId!.Value);
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
        catch (NpgsqlException) when (ConnectionIsGone)
        {
            // The backend is gone, and its open transaction with it: nothing was committed.
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await using var cleanup = new NpgsqlCommand("DROP TABLE IF EXISTS pg_temp.run_staging, pg_temp.run_gone, pg_temp.run_diff", _connection);
            await cleanup.ExecuteNonQueryAsync(CancellationToken.None);
            await DatasetLock.ReleaseAsync(_connection, Dataset.Name, CancellationToken.None);
        }
        catch (NpgsqlException) when (ConnectionIsGone)
        {
            // The backend was gone (killed, or the server restarted): its lock and temp tables went with it.
        }
    }

    /// <summary>Ends the run row through a fresh connection, so a failure is recorded even when the run's connection broke.</summary>
    private async Task FinishAsync(RunOutcome outcome, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        await _retry.ExecuteAsync(async token =>
        {
            await using var ledger = await _dataSource.OpenConnectionAsync(token);
            await RunLedger.FinishAsync(ledger, null, RunId, outcome, _time.GetUtcNow(), statistics, DatabaseRetries, token);
        }, _outage, cancellationToken);
        _finished = true;
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException($"Run {RunId} of {Dataset.Name} has already ended.");
        }
    }
}
