using Ingestion.Core.Ports;
using Ingestion.Core.Runs;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>Writes <c>ingestion.runs</c>: a run starts <c>running</c> (or <c>skipped</c>) and ends exactly once.</summary>
internal static class RunLedger
{
    public static async Task<long> StartAsync(
        NpgsqlConnection connection, RunRequest request, RunStatus status, DateTimeOffset now, string? error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO ingestion.runs (dataset, trigger, status, started_at, finished_at, year_from, year_to, error,
                                        reprocess_of, backend_pid, backend_start)
            SELECT @dataset, @trigger, @status, @now, CASE WHEN @status = 'running' THEN NULL ELSE @now END,
                   @year_from, @year_to, @error, @reprocess_of, a.pid, a.backend_start
            FROM pg_stat_activity a
            WHERE a.pid = pg_backend_pid()
            RETURNING run_id
            """, connection);
        command.Parameters.AddWithValue("dataset", request.Dataset.Name);
        command.Parameters.AddWithValue("trigger", StatusText.Of(request.Trigger));
        command.Parameters.AddWithValue("status", StatusText.Of(status));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("year_from", (object?)request.Scope.From ?? DBNull.Value);
        command.Parameters.AddWithValue("year_to", (object?)request.Scope.To ?? DBNull.Value);
        command.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("reprocess_of", (object?)request.ReprocessOf ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Marks the dataset's <c>running</c> runs abandoned; only valid while holding the dataset's lock.</summary>
    public static async Task<int> AbandonRunningAsync(NpgsqlConnection connection, string dataset, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE ingestion.runs
            SET status = 'abandoned', finished_at = @now, error = 'The process running it ended before the run finished.'
            WHERE dataset = @dataset AND status = 'running'
            """, connection);
        command.Parameters.AddWithValue("dataset", dataset);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Ends a run still <c>running</c> (or, with <paramref name="evenIfAbandoned"/>, one a sweep marked abandoned while
    /// its end could not be written). Returns false when it had already ended.
    /// </summary>
    public static async Task<bool> FinishAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, long runId, RunOutcome outcome, DateTimeOffset now,
        FetchStatistics statistics, int databaseRetries, CancellationToken cancellationToken, bool evenIfAbandoned = false)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE ingestion.runs
            SET status = @status, finished_at = @now, pages = @pages, rows_read = @rows_read, snapshot_id = @snapshot_id,
                error = @error, dry_run = @dry_run, dry_run_outcome = @dry_run_outcome,
                added = @added, revised = @revised, removed = @removed, db_retries = @db_retries
            WHERE run_id = @run_id AND (status = 'running' OR (@even_if_abandoned AND status = 'abandoned'))
            """, connection, transaction);
        command.Parameters.AddWithValue("run_id", runId);
        command.Parameters.AddWithValue("even_if_abandoned", evenIfAbandoned);
        command.Parameters.AddWithValue("status", StatusText.Of(outcome.Status));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("pages", statistics.Pages);
        command.Parameters.AddWithValue("rows_read", statistics.Rows);
        command.Parameters.AddWithValue("snapshot_id", (object?)outcome.SnapshotId ?? DBNull.Value);
        command.Parameters.AddWithValue("error", (object?)outcome.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("dry_run", outcome.DryRunOutcome is not null);
        command.Parameters.AddWithValue("dry_run_outcome", outcome.DryRunOutcome is { } dry ? StatusText.Of(dry) : DBNull.Value);
        command.Parameters.AddWithValue("added", (object?)outcome.Counts?.Added ?? DBNull.Value);
        command.Parameters.AddWithValue("revised", (object?)outcome.Counts?.Revised ?? DBNull.Value);
        command.Parameters.AddWithValue("removed", (object?)outcome.Counts?.Removed ?? DBNull.Value);
        command.Parameters.AddWithValue("db_retries", databaseRetries);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
