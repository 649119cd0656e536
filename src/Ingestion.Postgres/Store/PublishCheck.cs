using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Whether a publish whose connection broke around COMMIT committed. The run row's end and the snapshot row are
/// written in the publish transaction, so both tell; they are read only once the run's old backend is gone (a
/// backend still alive could yet commit), and they must agree.
/// </summary>
internal static class PublishCheck
{
    /// <returns>The committed snapshot's id, or null when the publish provably did not commit.</returns>
    public static async ValueTask<long?> CommittedSnapshotAsync(NpgsqlDataSource dataSource, long runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await RunClaim.EndPreviousBackendAsync(connection, runId, cancellationToken);
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

        var status = reader.GetString(0);
        long? runSnapshot = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        long? snapshot = reader.IsDBNull(2) ? null : reader.GetInt64(2);
        return (status, runSnapshot, snapshot) switch
        {
            ("published" or "quarantined", { } a, { } b) when a == b => a,
            ("running" or "abandoned", null, null) => null,
            _ => throw new InvalidOperationException(
                $"Run {runId}: after a connection lost around COMMIT the run row says {status} (snapshot {runSnapshot?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) and the snapshots table {snapshot?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; not retried."),
        };
    }
}
