using Ingestion.Postgres.Resilience;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Takes a run back after its connection was lost: a new connection, the dataset's lock again, and the run row
/// pointed at the new backend (so the abandoned-run sweep, which looks for the row's backend pid and start time,
/// leaves it alone) and back to <c>running</c> if a sweep marked it <c>abandoned</c> meanwhile. The old backend must
/// be gone first: on a network break (rather than a restart) it may still live, holding the lock, or be in the
/// middle of a COMMIT.
/// </summary>
internal static class RunClaim
{
    public static async ValueTask<NpgsqlConnection> ReclaimAsync(NpgsqlDataSource dataSource, string dataset, long runId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await EndPreviousBackendAsync(connection, runId, cancellationToken);
            if (!await DatasetLock.TryAcquireAsync(connection, dataset, cancellationToken))
            {
                throw new InvalidOperationException(
                    $"Run {runId} of {dataset} lost the dataset's lock to another process while the database was unreachable; that process runs it now.");
            }

            await using var claim = new NpgsqlCommand("""
                UPDATE ingestion.runs r
                SET status = 'running', finished_at = NULL, error = NULL, backend_pid = a.pid, backend_start = a.backend_start
                FROM pg_stat_activity a
                WHERE a.pid = pg_backend_pid() AND r.run_id = @run_id AND r.status IN ('running', 'abandoned')
                """, connection);
            claim.Parameters.AddWithValue("run_id", runId);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException($"Run {runId} of {dataset} was ended by another process while the database was unreachable.");
            }

            return connection;
        }
        catch
        {
            // Closing the connection ends its session, which releases the lock if it was taken.
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Asks the run's previous backend to end when it still lives, and reports that as not settled yet (retried):
    /// what it holds (the lock, an open transaction) is released only once it is gone.
    /// </summary>
    public static async Task EndPreviousBackendAsync(NpgsqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.pid, pg_terminate_backend(a.pid)
            FROM ingestion.runs r
            JOIN pg_stat_activity a ON a.pid = r.backend_pid AND a.backend_start = r.backend_start
            WHERE r.run_id = @run_id AND a.pid <> pg_backend_pid()
            """, connection);
        command.Parameters.AddWithValue("run_id", runId);
        if (await command.ExecuteScalarAsync(cancellationToken) is int pid)
        {
            throw new DatabaseStateNotSettledException($"Run {runId}'s previous connection (backend {pid}) was still open; it was told to end.");
        }
    }
}
