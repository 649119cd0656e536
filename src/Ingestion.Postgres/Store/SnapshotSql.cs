using Ingestion.Core.Model;
using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;
using Npgsql;
using NpgsqlTypes;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The writes of a publish, shared by a run and by approve: apply <c>pg_temp.run_diff</c> to the versions,
/// write the snapshot row, park a quarantined diff, and notify. Callers own the transaction.
/// </summary>
internal static class SnapshotSql
{
    public static async Task<long> NextIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT nextval('ingestion.snapshot_ids')", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Closes the current versions of revised and removed keys, opens versions for added and revised ones, and analyzes
    /// the partition so readers plan their queries for the new snapshot on statistics that know it.
    /// </summary>
    public static async Task ApplyDiffAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DatasetDescriptor dataset, long snapshotId, DiffCounts counts, CancellationToken cancellationToken)
    {
        await KeyLookups.PreferAsync(connection, transaction, cancellationToken);
        await using (var close = BulkCommand.Create("""
            UPDATE ingestion.versions v
            SET valid_to = @snapshot_id
            FROM pg_temp.run_diff d
            WHERE d.change IN ('revised', 'removed') AND v.dataset = @dataset AND v.valid_to IS NULL
              AND v.period = d.period AND v.key = d.key
            """, connection, transaction))
        {
            close.Parameters.AddWithValue("dataset", dataset.Name);
            close.Parameters.AddWithValue("snapshot_id", snapshotId);
            var closed = await close.ExecuteNonQueryAsync(cancellationToken);
            if (closed != counts.Revised + counts.Removed)
            {
                throw new InvalidOperationException(
                    $"Publishing {dataset.Name}: closed {closed} versions but the diff has {counts.Revised + counts.Removed} revised or removed keys; the current state moved under the run.");
            }
        }

        await using var open = BulkCommand.Create("""
            INSERT INTO ingestion.versions (dataset, period, key, measures, attributes, suppressed_mask, row_hash, valid_from)
            SELECT @dataset, d.period, d.key, d.measures, d.attributes, d.suppressed_mask, d.row_hash, @snapshot_id
            FROM pg_temp.run_diff d
            WHERE d.change IN ('added', 'revised')
            """, connection, transaction);
        open.Parameters.AddWithValue("dataset", dataset.Name);
        open.Parameters.AddWithValue("snapshot_id", snapshotId);
        await open.ExecuteNonQueryAsync(cancellationToken);

        await using var analyze = new NpgsqlCommand(
            "SELECT ingestion.analyze_version_partition(ingestion.version_partition_of(@dataset))", connection, transaction);
        analyze.Parameters.AddWithValue("dataset", dataset.Name);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO ingestion.snapshots (snapshot_id, dataset, status, run_id, created_at, published_at, year_from, year_to,
                                             content_sha256, row_count, added, revised, removed, quality_report, base_snapshot_id, source_release,
                                             current_rows)
            VALUES (@snapshot_id, @dataset, @status, @run_id, @created_at, @published_at, @year_from, @year_to,
                    @content_sha256, @row_count, @added, @revised, @removed, @quality_report, @base_snapshot_id, @source_release,
                    -- The base is the dataset's latest published snapshot: its current rows, changed by this diff.
                    CASE WHEN @base_snapshot_id IS NULL THEN 0
                         ELSE (SELECT b.current_rows FROM ingestion.snapshots b WHERE b.snapshot_id = @base_snapshot_id) END
                    + @added - @removed)
            """, connection, transaction);
        command.Parameters.AddWithValue("snapshot_id", snapshot.SnapshotId);
        command.Parameters.AddWithValue("dataset", snapshot.Dataset.Name);
        command.Parameters.AddWithValue("status", snapshot.QualityReport is null ? "published" : "quarantined");
        command.Parameters.AddWithValue("run_id", snapshot.RunId);
        command.Parameters.AddWithValue("created_at", snapshot.CreatedAt);
        command.Parameters.AddWithValue("published_at", snapshot.QualityReport is null ? snapshot.CreatedAt : DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("year_from", NpgsqlDbType.Integer) { Value = (object?)snapshot.Scope.From ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("year_to", NpgsqlDbType.Integer) { Value = (object?)snapshot.Scope.To ?? DBNull.Value });
        command.Parameters.AddWithValue("content_sha256", snapshot.ContentSha256);
        command.Parameters.AddWithValue("row_count", snapshot.RowCount);
        command.Parameters.AddWithValue("added", snapshot.Counts.Added);
        command.Parameters.AddWithValue("revised", snapshot.Counts.Revised);
        command.Parameters.AddWithValue("removed", snapshot.Counts.Removed);
        command.Parameters.Add(new NpgsqlParameter("quality_report", NpgsqlDbType.Jsonb)
        {
            Value = snapshot.QualityReport is null ? DBNull.Value : QualityReportJson.Write(snapshot.QualityReport),
        });
        command.Parameters.Add(new NpgsqlParameter("base_snapshot_id", NpgsqlDbType.Bigint) { Value = (object?)snapshot.BaseSnapshotId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("source_release", NpgsqlDbType.Text) { Value = (object?)snapshot.Release ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Parks a quarantined snapshot's diff so approve can apply it later without the run's connection.</summary>
    public static async Task ParkDiffAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long snapshotId, CancellationToken cancellationToken)
    {
        await using var command = BulkCommand.Create("""
            INSERT INTO ingestion.pending_changes (snapshot_id, change, period, key, measures, attributes, suppressed_mask, row_hash)
            SELECT @snapshot_id, change, period, key, measures, attributes, suppressed_mask, row_hash
            FROM pg_temp.run_diff
            """, connection, transaction);
        command.Parameters.AddWithValue("snapshot_id", snapshotId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Loads a parked diff into <c>pg_temp.run_diff</c> on this connection.</summary>
    public static async Task LoadParkedDiffAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long snapshotId, CancellationToken cancellationToken)
    {
        await using var command = BulkCommand.Create("""
            DROP TABLE IF EXISTS pg_temp.run_diff;
            CREATE TEMP TABLE run_diff ON COMMIT DROP AS
            SELECT change, period, key, measures, attributes, suppressed_mask, row_hash
            FROM ingestion.pending_changes
            WHERE snapshot_id = @snapshot_id;
            DELETE FROM ingestion.pending_changes WHERE snapshot_id = @snapshot_id;
            """, connection, transaction);
        command.Parameters.AddWithValue("snapshot_id", snapshotId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>NOTIFY ingestion_snapshots; PostgreSQL delivers it only when the transaction commits.</summary>
    public static async Task NotifyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DatasetDescriptor dataset, long snapshotId, DiffCounts counts, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT pg_notify('ingestion_snapshots', json_build_object(
                'dataset', @dataset::text, 'snapshot_id', @snapshot_id, 'added', @added, 'revised', @revised, 'removed', @removed)::text)
            """, connection, transaction);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        command.Parameters.AddWithValue("snapshot_id", snapshotId);
        command.Parameters.AddWithValue("added", counts.Added);
        command.Parameters.AddWithValue("revised", counts.Revised);
        command.Parameters.AddWithValue("removed", counts.Removed);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
