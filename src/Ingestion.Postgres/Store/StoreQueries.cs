using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Catalog;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>The read side the CLI shows: runs, snapshots, a diff between two snapshots, and each dataset's state.</summary>
internal sealed class StoreQueries(NpgsqlDataSource dataSource, DatasetCatalog catalog)
{
    private const string RunColumns = """
        run_id, dataset, trigger, status, started_at, finished_at, year_from, year_to, pages, rows_read, snapshot_id, error, dry_run_outcome, db_retries
        """;

    /// <summary>How many columns <see cref="ReadRun"/> reads, from the first (counted from the list, so they cannot disagree).</summary>
    internal static readonly int RunColumnCount = RunColumns.Split(',').Length;

    /// <summary>The run columns qualified by <paramref name="alias"/>, for queries that join runs to something else.</summary>
    internal static string RunColumnsOf(string alias) =>
        string.Join(", ", RunColumns.Split(',', StringSplitOptions.TrimEntries).Select(c => $"{alias}.{c}"));

    public async Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RunColumns} FROM ingestion.runs WHERE run_id = @run_id");
        command.Parameters.AddWithValue("run_id", runId);
        var runs = await ReadAllAsync(command, ReadRun, cancellationToken);
        return runs.Count == 0 ? null : runs[0];
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? dataset, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {RunColumns} FROM ingestion.runs
            WHERE @dataset::text IS NULL OR dataset = @dataset
            ORDER BY run_id DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("dataset", NpgsqlTypes.NpgsqlDbType.Text, (object?)dataset ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, ReadRun, cancellationToken);
    }

    internal const string SnapshotColumns = """
        snapshot_id, dataset, status, run_id, created_at, published_at, year_from, year_to, content_sha256,
        row_count, added, revised, removed, quality_report::text
        """;

    public async Task<SnapshotRecord?> GetSnapshotAsync(long snapshotId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {SnapshotColumns} FROM ingestion.snapshots WHERE snapshot_id = @snapshot_id");
        command.Parameters.AddWithValue("snapshot_id", snapshotId);
        var snapshots = await ReadAllAsync(command, ReadSnapshot, cancellationToken);
        return snapshots.Count == 0 ? null : snapshots[0];
    }

    public async Task<IReadOnlyList<SnapshotRecord>> ListSnapshotsAsync(string dataset, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {SnapshotColumns}
            FROM ingestion.snapshots
            WHERE dataset = @dataset
            ORDER BY snapshot_id DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("dataset", catalog.Get(dataset).Name);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, ReadSnapshot, cancellationToken);
    }

    /// <summary>The net change per key and measure between the state after one snapshot and after another.</summary>
    public async Task<IReadOnlyList<RevisionRecord>> DiffAsync(string dataset, long fromSnapshotId, long toSnapshotId, int limit, CancellationToken cancellationToken)
    {
        var descriptor = catalog.Get(dataset);
        await using var command = dataSource.CreateCommand($"""
            WITH old AS (
                SELECT * FROM ingestion.versions v
                WHERE v.dataset = @dataset AND v.valid_from <= @from AND (v.valid_to IS NULL OR v.valid_to > @from)),
            new AS (
                SELECT * FROM ingestion.versions v
                WHERE v.dataset = @dataset AND v.valid_from <= @to AND (v.valid_to IS NULL OR v.valid_to > @to)),
            ch AS (
                SELECT coalesce(n.period, o.period) AS period, coalesce(n.key, o.key) AS key, coalesce(n.attributes, o.attributes) AS attributes,
                       o.measures AS old_measures, n.measures AS new_measures,
                       CASE WHEN o.row_hash IS NULL THEN 'added' WHEN n.row_hash IS NULL THEN 'removed' ELSE 'revised' END AS change
                FROM old o
                FULL JOIN new n ON n.period = o.period AND n.key = o.key
                -- A stored key gets a new version only when its content changed (ScopeDiff), so the hashes decide here.
                WHERE n.row_hash IS DISTINCT FROM o.row_hash)
            SELECT {ReadContractSql.Year(descriptor, "ch.period")},
                   {ReadContractSql.Iso(descriptor, CountryRole.Origin, "ch.key", "ch.attributes")},
                   {ReadContractSql.Iso(descriptor, CountryRole.Asylum, "ch.key", "ch.attributes")},
                   {ReadContractSql.DetailJson(descriptor, "ch.key", "ch.period")}::text,
                   m.measure, m.old_value, m.new_value, ch.change
            FROM ch
            CROSS JOIN LATERAL ({ReadContractSql.ChangedMeasures(descriptor)}) m
            ORDER BY ch.period, ch.key, m.measure
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("dataset", descriptor.Name);
        command.Parameters.AddWithValue("from", fromSnapshotId);
        command.Parameters.AddWithValue("to", toSnapshotId);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, r => new RevisionRecord(
            dataset, toSnapshotId, r.GetInt32(0), NullableText(r, 1), NullableText(r, 2), r.GetString(3) is "{}" ? "" : r.GetString(3),
            r.IsDBNull(4) ? "" : r.GetString(4), NullableLong(r, 5), NullableLong(r, 6), r.GetString(7)), cancellationToken);
    }

    public async Task<IReadOnlyList<DatasetState>> ListDatasetStatesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT d.dataset, p.snapshot_id, p.published_at,
                   -- Versions come only from published snapshots: none published, no current rows. Counted only where
                   -- the latest snapshot predates the stored count (migration 0009).
                   CASE WHEN p.snapshot_id IS NULL THEN 0
                        ELSE coalesce(p.current_rows, (SELECT count(*) FROM ingestion.versions v WHERE v.dataset = d.dataset AND v.valid_to IS NULL)) END,
                   r.status, r.started_at,
                   (SELECT count(*)::int FROM ingestion.snapshots q WHERE q.dataset = d.dataset AND q.status = 'quarantined')
            FROM unnest(@datasets) WITH ORDINALITY AS d (dataset, ordinal)
            LEFT JOIN LATERAL (
                SELECT s.snapshot_id, s.published_at, s.current_rows FROM ingestion.snapshots s
                WHERE s.dataset = d.dataset AND s.status = 'published' ORDER BY s.snapshot_id DESC LIMIT 1) p ON true
            LEFT JOIN LATERAL (
                SELECT x.status, x.started_at FROM ingestion.runs x
                WHERE x.dataset = d.dataset ORDER BY x.run_id DESC LIMIT 1) r ON true
            ORDER BY d.ordinal
            """);
        command.Parameters.AddWithValue("datasets", catalog.Names.ToArray());
        return await ReadAllAsync(command, r => new DatasetState(
            r.GetString(0), NullableLong(r, 1), NullableTime(r, 2), r.GetInt64(3),
            r.IsDBNull(4) ? null : StatusText.Status(r.GetString(4)), NullableTime(r, 5), r.GetInt32(6)), cancellationToken);
    }

    internal static RunRecord ReadRun(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), StatusText.Trigger(r.GetString(2)), StatusText.Status(r.GetString(3)),
        r.GetFieldValue<DateTimeOffset>(4), NullableTime(r, 5), NullableInt(r, 6), NullableInt(r, 7),
        r.GetInt64(8), r.GetInt64(9), NullableLong(r, 10), r.IsDBNull(11) ? null : r.GetString(11),
        r.IsDBNull(12) ? null : StatusText.Status(r.GetString(12)), r.GetInt32(13));

    internal static SnapshotRecord ReadSnapshot(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetFieldValue<DateTimeOffset>(4), NullableTime(r, 5),
        NullableInt(r, 6), NullableInt(r, 7), r.GetString(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetInt64(12),
        r.IsDBNull(13) ? null : r.GetString(13));

    private static DateTimeOffset? NullableTime(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    private static string? NullableText(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static int? NullableInt(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static long? NullableLong(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    internal static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
