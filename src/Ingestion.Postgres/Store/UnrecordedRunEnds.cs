using System.Collections.Concurrent;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Resilience;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Run ends that could not be written because the database stayed away past the retry budget. The worker keeps
/// them and writes them when the database answers again (before its next run begins), so the run row says
/// <c>failed</c> with the reason instead of being swept to <c>abandoned</c>. A process that exits first leaves the
/// row <c>running</c>, and the next start marks it abandoned, as for any process that died.
/// </summary>
internal sealed class UnrecordedRunEnds
{
    private readonly ConcurrentQueue<UnrecordedRunEnd> _pending = new();

    public bool IsEmpty => _pending.IsEmpty;

    public void Add(UnrecordedRunEnd end) => _pending.Enqueue(end);

    /// <summary>Writes every pending end (each only if its run is still running or was swept abandoned meanwhile).</summary>
    public async Task WriteAsync(NpgsqlDataSource dataSource, DatabaseRetry retry, CancellationToken cancellationToken)
    {
        var outage = retry.NewOutage();
        while (_pending.TryPeek(out var end))
        {
            await retry.ExecuteAsync(async token =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(token);
                await RunLedger.FinishAsync(connection, null, end.RunId, new RunOutcome(RunStatus.Failed, Error: end.Error), end.FinishedAt,
                    end.Statistics, end.DatabaseRetries, token, evenIfAbandoned: true);
            }, outage, cancellationToken);
            _pending.TryDequeue(out _);
        }
    }
}
