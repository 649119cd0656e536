using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Approve and reject of quarantined snapshots. Approve takes the dataset's lock (refusing while a run holds it)
/// and applies the parked diff only if the dataset's latest published snapshot is still the one it was diffed
/// against; the apply, the status change and the NOTIFY are one transaction.
/// </summary>
internal sealed class SnapshotDecisions(NpgsqlDataSource dataSource, DatasetCatalog catalog, TimeProvider time)
{
    public async Task<DecisionResult> ApproveAsync(long snapshotId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var target = await ReadAsync(connection, snapshotId, cancellationToken);
        if (Refusal(target, snapshotId, "approved") is { } refused)
        {
            return refused;
        }

        var dataset = catalog.Get(target!.Dataset);
        if (!await DatasetLock.TryAcquireAsync(connection, dataset.Name, cancellationToken))
        {
            return new DecisionResult(false, $"A run of {dataset.Name} is in progress; approve snapshot {snapshotId} after it ends.");
        }

        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var current = await ReadAsync(connection, snapshotId, cancellationToken);
            if (Refusal(current, snapshotId, "approved") is { } refusedNow)
            {
                return refusedNow;
            }

            if (current!.LatestPublished != current.BaseSnapshotId)
            {
                return new DecisionResult(false,
                    $"Snapshot {snapshotId} was diffed against snapshot {Show(current.BaseSnapshotId)} but {dataset.Name} is now at {Show(current.LatestPublished)}; reject it and re-run the dataset.");
            }

            await SnapshotSql.LoadParkedDiffAsync(connection, transaction, snapshotId, cancellationToken);
            var counts = await ScopeDiff.CountAsync(connection, transaction, cancellationToken);
            await SnapshotSql.ApplyDiffAsync(connection, transaction, dataset, snapshotId, counts, cancellationToken);
            await SetStatusAsync(connection, transaction, snapshotId, "published", cancellationToken);
            await SnapshotSql.NotifyAsync(connection, transaction, dataset, snapshotId, counts, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new DecisionResult(true, $"Snapshot {snapshotId} of {dataset.Name} published (+{counts.Added} ~{counts.Revised} -{counts.Removed}).");
        }
        finally
        {
            await DatasetLock.ReleaseAsync(connection, dataset.Name, CancellationToken.None);
        }
    }

    public async Task<DecisionResult> RejectAsync(long snapshotId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var target = await ReadAsync(connection, snapshotId, cancellationToken, forUpdate: true);
        if (Refusal(target, snapshotId, "rejected") is { } refused)
        {
            return refused;
        }

        await SetStatusAsync(connection, transaction, snapshotId, "rejected", cancellationToken);
        await using (var command = new NpgsqlCommand("DELETE FROM ingestion.pending_changes WHERE snapshot_id = @snapshot_id", connection, transaction))
        {
            command.Parameters.AddWithValue("snapshot_id", snapshotId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new DecisionResult(true, $"Snapshot {snapshotId} of {target!.Dataset} rejected.");
    }

    private static DecisionResult? Refusal(QuarantinedSnapshot? snapshot, long snapshotId, string verb) => snapshot switch
    {
        null => new DecisionResult(false, $"Snapshot {snapshotId} does not exist."),
        { Status: not "quarantined" } => new DecisionResult(false,
            $"Snapshot {snapshotId} is {snapshot.Status}, not quarantined; only a quarantined snapshot can be {verb}."),
        _ => null,
    };

    private static string Show(long? snapshotId) => snapshotId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    private static async Task<QuarantinedSnapshot?> ReadAsync(NpgsqlConnection connection, long snapshotId, CancellationToken cancellationToken, bool forUpdate = false)
    {
        await using var command = new NpgsqlCommand(forUpdate ? SelectSql + " FOR UPDATE OF s" : SelectSql, connection);
        command.Parameters.AddWithValue("snapshot_id", snapshotId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new QuarantinedSnapshot(reader.GetString(0), reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3));
    }

    private const string SelectSql = """
        SELECT s.dataset, s.status, s.base_snapshot_id,
               (SELECT max(p.snapshot_id) FROM ingestion.snapshots p WHERE p.dataset = s.dataset AND p.status = 'published')
        FROM ingestion.snapshots s
        WHERE s.snapshot_id = @snapshot_id
        """;

    private async Task SetStatusAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long snapshotId, string status, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE ingestion.snapshots
            SET status = @status, published_at = CASE WHEN @status = 'published' THEN @now END
            WHERE snapshot_id = @snapshot_id AND status = 'quarantined'
            """, connection, transaction);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("snapshot_id", snapshotId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"Snapshot {snapshotId} stopped being quarantined while it was being decided.");
        }
    }

    private sealed record QuarantinedSnapshot(string Dataset, string Status, long? BaseSnapshotId, long? LatestPublished);
}
