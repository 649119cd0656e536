using Npgsql;

namespace Ingestion.Postgres.Tests.Support;

/// <summary>
/// Pauses a publish deterministically inside its transaction: holds a row lock on the run's ledger row, which the
/// publish updates last (after writing versions, the snapshot row and the NOTIFY). Waits until the run's backend
/// is blocked on it; the pause ends when this is disposed (or the backend is terminated).
/// </summary>
internal sealed class PublishBlocker : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private PublishBlocker(NpgsqlConnection connection, NpgsqlTransaction transaction, int runBackendPid)
    {
        _connection = connection;
        _transaction = transaction;
        RunBackendPid = runBackendPid;
    }

    public int RunBackendPid { get; }

    public static async Task<PublishBlocker> HoldAsync(NpgsqlDataSource dataSource, long runId)
    {
        var ct = TestContext.Current.CancellationToken;
        var connection = await dataSource.OpenConnectionAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT backend_pid FROM ingestion.runs WHERE run_id = @run_id FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("run_id", runId);
        var pid = (int)(await command.ExecuteScalarAsync(ct))!;
        return new PublishBlocker(connection, transaction, pid);
    }

    /// <summary>Returns once the run's backend waits for this lock (the publish transaction is open and paused).</summary>
    public async Task WaitUntilPublishIsPausedAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            // pg_stat_activity is a per-transaction snapshot: clear it so every poll sees the present.
            await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", _connection, _transaction))
            {
                await clear.ExecuteNonQueryAsync(ct);
            }

            await using var command = new NpgsqlCommand("""
                SELECT EXISTS (SELECT FROM pg_stat_activity WHERE pid = @pid AND wait_event_type = 'Lock' AND state = 'active')
                """, _connection, _transaction);
            command.Parameters.AddWithValue("pid", RunBackendPid);
            if ((bool)(await command.ExecuteScalarAsync(ct))!)
            {
                return;
            }

            await Task.Delay(50, ct);
        }

        throw new TimeoutException($"Backend {RunBackendPid} never blocked on the run row lock.");
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync(CancellationToken.None);
        await _connection.DisposeAsync();
    }
}
