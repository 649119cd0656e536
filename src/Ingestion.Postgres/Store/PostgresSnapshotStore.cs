using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Archive;
using Ingestion.Postgres.Resilience;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The PostgreSQL snapshot store: begins runs under the dataset's advisory lock, decides quarantined snapshots
/// and answers the CLI's and the status page's questions. A run's database calls go through <see cref="DatabaseRetry"/> (the named
/// database pipeline). See docs/storage.md for the design.
/// </summary>
public sealed class PostgresSnapshotStore(
    NpgsqlDataSource dataSource, DatasetCatalog catalog, DatabaseRetry retry, ILogger<PostgresSnapshotStore> logger) : ISnapshotStore
{
    private readonly SnapshotDecisions _decisions = new(dataSource, catalog, retry.Time);
    private readonly StoreQueries _queries = new(dataSource, catalog);
    private readonly StatusQueries _status = new(dataSource, catalog);
    private readonly UnrecordedRunEnds _unrecorded = new();
    private readonly TimeProvider _time = retry.Time;

    /// <summary>Rows a run keeps in memory before it COPYs into its staging table (tests lower it to stage early).</summary>
    internal int StagingBufferRows { get; set; } = StagingTable.BufferLimit;

    public async Task<IRunSession?> TryBeginRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Dataset.HasPeriod && !request.Scope.IsAll)
        {
            throw new ArgumentException($"{request.Dataset.Name} is reference data without years; run it without a year range (was {request.Scope}).", nameof(request));
        }

        if (!_unrecorded.IsEmpty)
        {
            await _unrecorded.WriteAsync(dataSource, retry, cancellationToken);
        }

        // Begun as a unit: a begin cut short by a lost connection released its lock with it, and starts over.
        var outage = retry.NewOutage();
        return await retry.ExecuteAsync(token => BeginAsync(request, outage, token), outage, cancellationToken);
    }

    public async Task<int> MarkAbandonedRunsAsync(CancellationToken cancellationToken)
    {
        if (!_unrecorded.IsEmpty)
        {
            await _unrecorded.WriteAsync(dataSource, retry, cancellationToken);
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE ingestion.runs r
            SET status = 'abandoned', finished_at = @now, error = 'The process running it ended before the run finished.'
            WHERE r.status = 'running'
              AND NOT EXISTS (SELECT FROM pg_stat_activity a WHERE a.pid = r.backend_pid AND a.backend_start = r.backend_start)
            """);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        var count = await command.ExecuteNonQueryAsync(cancellationToken);
        if (count > 0)
        {
            logger.LogWarning("Marked {AbandonedCount} run(s) abandoned: their process is gone", count);
        }

        return count;
    }

    public Task<DecisionResult> ApproveAsync(long snapshotId, CancellationToken cancellationToken) =>
        _decisions.ApproveAsync(snapshotId, cancellationToken);

    public Task<DecisionResult> RejectAsync(long snapshotId, CancellationToken cancellationToken) =>
        _decisions.RejectAsync(snapshotId, cancellationToken);

    public Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken) =>
        _queries.GetRunAsync(runId, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? dataset, int limit, CancellationToken cancellationToken) =>
        _queries.ListRunsAsync(dataset, limit, cancellationToken);

    public Task<SnapshotRecord?> GetSnapshotAsync(long snapshotId, CancellationToken cancellationToken) =>
        _queries.GetSnapshotAsync(snapshotId, cancellationToken);

    public Task<IReadOnlyList<SnapshotRecord>> ListSnapshotsAsync(string dataset, int limit, CancellationToken cancellationToken) =>
        _queries.ListSnapshotsAsync(dataset, limit, cancellationToken);

    public Task<IReadOnlyList<RevisionRecord>> DiffAsync(string dataset, long fromSnapshotId, long toSnapshotId, int limit, CancellationToken cancellationToken) =>
        _queries.DiffAsync(dataset, fromSnapshotId, toSnapshotId, limit, cancellationToken);

    public Task<IReadOnlyList<DatasetState>> ListDatasetStatesAsync(CancellationToken cancellationToken) =>
        _queries.ListDatasetStatesAsync(cancellationToken);

    public Task<IReadOnlyList<DatasetRunState>> ListDatasetRunStatesAsync(CancellationToken cancellationToken) =>
        _status.ListDatasetRunStatesAsync(cancellationToken);

    public Task<IReadOnlyList<SnapshotRecord>> ListSnapshotsByStatusAsync(string status, int limit, CancellationToken cancellationToken) =>
        _status.ListSnapshotsByStatusAsync(status, limit, cancellationToken);

    public Task<RevisionPage> ListLargestRevisionsAsync(long snapshotId, int offset, int limit, CancellationToken cancellationToken) =>
        _status.ListLargestRevisionsAsync(snapshotId, offset, limit, cancellationToken);

    public Task<IReadOnlyList<SeriesPoint>> ReadSeriesAsync(SeriesQuery query, CancellationToken cancellationToken) =>
        _status.ReadSeriesAsync(query, cancellationToken);

    public IAsyncEnumerable<RawPage> ReadArchivedPagesAsync(long runId, CancellationToken cancellationToken) =>
        ArchivedPages.ReadAsync(dataSource, runId, cancellationToken);

    private async ValueTask<IRunSession?> BeginAsync(RunRequest request, DatabaseOutage outage, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!await DatasetLock.TryAcquireAsync(connection, request.Dataset.Name, cancellationToken))
            {
                var runId = await RunLedger.StartAsync(connection, request, RunStatus.Skipped, _time.GetUtcNow(),
                    $"Another run of {request.Dataset.Name} is in progress; skipped.", cancellationToken);
                logger.LogInformation("Run {RunId} of {Dataset} skipped: another run holds the dataset lock", runId, request.Dataset.Name);
                await connection.DisposeAsync();
                return null;
            }

            var abandoned = await RunLedger.AbandonRunningAsync(connection, request.Dataset.Name, _time.GetUtcNow(), cancellationToken);
            if (abandoned > 0)
            {
                logger.LogWarning("Marked {AbandonedCount} run(s) of {Dataset} abandoned", abandoned, request.Dataset.Name);
            }

            // The base first: once the run row exists, nothing else can fail before the session owns it.
            var baseSnapshot = await ScopeDiff.ReadBaseAsync(connection, request.Dataset, cancellationToken);
            if (baseSnapshot.SnapshotId is { } baseId && baseSnapshot.Scope == request.Scope && request.ReprocessOf is null)
            {
                baseSnapshot = baseSnapshot with { Pages = await KnownPagesQuery.ReadAsync(connection, baseId, cancellationToken) };
            }

            var id = await RunLedger.StartAsync(connection, request, RunStatus.Running, _time.GetUtcNow(), null, cancellationToken);
            return new PostgresRunSession(dataSource, connection, request, id, baseSnapshot, retry, outage, _unrecorded, logger, StagingBufferRows);
        }
        catch
        {
            // Closing the connection ends its session, which releases the lock if it was taken.
            await connection.DisposeAsync();
            throw;
        }
    }
}
