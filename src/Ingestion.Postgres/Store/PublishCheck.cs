using System.Globalization;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Whether a publish whose connection broke around COMMIT committed. The run row's end and the snapshot row are
/// written in the publish transaction, so both tell; they are read only once the run's old backend is gone (a
/// backend still alive could yet commit), and they must agree.
/// </summary>
internal static class PublishCheck
{
    /// <param name="databaseRetries">
    /// The run's database retries so far. A committed run row holds the count from before its COMMIT; waiting out the
    /// old backend for this check costs retries after it, so the row is given this count (else it would say fewer
    /// retries than the run made).
    /// </param>
    /// <returns>The committed snapshot's id, or null when the publish provably did not commit.</returns>
    public static async ValueTask<long?> CommittedSnapshotAsync(NpgsqlDataSource dataSource, long runId, int databaseRetries, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await RunClaim.EndPreviousBackendAsync(connection, runId, cancellationToken);
        var (status, runSnapshot, snapshot) = await ReadAsync(connection, runId, cancellationToken);
        var committed = (status, runSnapshot, snapshot) switch
        {
            ("published" or "quarantined", { } a, { } b) when a == b => a,
            ("running" or "abandoned", null, null) => (long?)null,
            _ => throw new InvalidOperationException(
                $"Run {runId}: after a connection lost around COMMIT the run row says {status} (snapshot {runSnapshot?.ToString(CultureInfo.InvariantCulture) ?? "none"}) and the snapshots table {snapshot?.ToString(CultureInfo.InvariantCulture) ?? "none"}; not retried."),
        };
        if (committed is not null)
        {
            await using var retries = new NpgsqlCommand(
                "UPDATE ingestion.runs SET db_retries = @db_retries WHERE run_id = @run_id AND db_retries < @db_retries", connection);
            retries.Parameters.AddWithValue("run_id", runId);
            retries.Parameters.AddWithValue("db_retries", databaseRetries);
            await retries.ExecuteNonQueryAsync(cancellationToken);
        }

        return committed;
    }

    private static async Task<(string Status, long? RunSnapshot, long? Snapshot)> ReadAsync(NpgsqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT r.status, r.snapshot_id, (SELECT s.snapshot_id FROM ingestion.snapshots s WHERE s.run_id = r.run_id)
            FROM ingestion.runs r
            WHERE r.run_id = @run_id
            """, connection);
        command.Parameters.AddWithValue("run_id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Run {runId} does not exist.");
        }

        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }
}
