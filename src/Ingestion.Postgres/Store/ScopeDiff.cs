using Ingestion.Core.Model;
using Ingestion.Core.Publishing;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The set-based diff of the staged rows against the dataset's current versions, inside the run's scope only:
/// one hash full join into <c>pg_temp.run_diff</c> (change, key, new content). Rows outside the scope are never
/// read, so a 2000–2010 backfill cannot remove 2011.
/// </summary>
internal static class ScopeDiff
{
    public static async Task<BaseSnapshot> ReadBaseAsync(NpgsqlConnection connection, DatasetDescriptor dataset, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT s.snapshot_id, s.year_from, s.year_to, s.content_sha256, s.source_release FROM ingestion.snapshots s
            WHERE s.dataset = @dataset AND s.status = 'published'
            ORDER BY s.snapshot_id DESC
            LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return BaseSnapshot.None;
        }

        return new BaseSnapshot(reader.GetInt64(0),
            new YearScope(reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)),
            reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    /// <summary>Whether the scope holds any current row (an index probe, unlike counting them).</summary>
    public static async Task<bool> HasCurrentRowsAsync(NpgsqlConnection connection, DatasetDescriptor dataset, YearScope scope, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT FROM ingestion.versions v WHERE {ScopeSql.CurrentInScope})", connection);
        ScopeSql.Bind(command, dataset, scope);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The scope's current row count and latest year (what the gate compares against).</summary>
    public static async Task<(long Rows, int? LatestYear)> ReadScopeAsync(NpgsqlConnection connection, DatasetDescriptor dataset, YearScope scope, CancellationToken cancellationToken)
    {
        await using var command = BulkCommand.Create($"""
            SELECT count(*), max(v.period) FROM ingestion.versions v WHERE {ScopeSql.CurrentInScope}
            """, connection);
        ScopeSql.Bind(command, dataset, scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : dataset.YearOf(reader.GetInt32(1)));
    }

    /// <summary>
    /// Fills <c>pg_temp.run_diff</c>. A key is changed when its row hash differs and so does its content: a hash
    /// alone decides for almost every row, and content decides for rows stored under an older hash form. (A scope with
    /// nothing current comes here only without rows: its first publish streams into versions, <see cref="DirectPublish"/>.)
    /// </summary>
    public static async Task<DiffCounts> ComputeAsync(
        NpgsqlConnection connection, DatasetDescriptor dataset, YearScope scope, CancellationToken cancellationToken)
    {
        await using (var command = BulkCommand.Create($"""
            DROP TABLE IF EXISTS pg_temp.run_diff;
            CREATE TEMP TABLE run_diff AS
            SELECT CASE WHEN c.row_hash IS NULL THEN 'added' WHEN s.row_hash IS NULL THEN 'removed' ELSE 'revised' END AS change,
                   coalesce(s.period, c.period) AS period, coalesce(s.key, c.key) AS key,
                   s.measures, s.attributes, s.suppressed_mask, s.row_hash
            FROM pg_temp.run_staging s
            FULL JOIN (
                SELECT v.period, v.key, v.measures, v.attributes, v.suppressed_mask, v.row_hash
                FROM ingestion.versions v WHERE {ScopeSql.CurrentInScope}) c
                ON c.period = s.period AND c.key = s.key
            WHERE c.row_hash IS DISTINCT FROM s.row_hash
              AND (c.row_hash IS NULL OR s.row_hash IS NULL OR c.measures IS DISTINCT FROM s.measures
                   OR c.attributes IS DISTINCT FROM s.attributes OR c.suppressed_mask <> s.suppressed_mask)
            """, connection))
        {
            ScopeSql.Bind(command, dataset, scope);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await CountAsync(connection, null, cancellationToken);
    }

    /// <summary>
    /// Fills <c>pg_temp.run_diff</c> from candidates only (<see cref="MemoryDiff"/>): each staged row is looked up by its
    /// key among the scope's current versions (added when there is none, revised when its content differs, by the same
    /// test as <see cref="ComputeAsync"/>), and each key in <c>pg_temp.run_gone</c> that is still current is removed.
    /// </summary>
    public static async Task<DiffCounts> ComputeCandidatesAsync(
        NpgsqlConnection connection, DatasetDescriptor dataset, YearScope scope, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await KeyLookups.PreferAsync(connection, transaction, cancellationToken);
        await using (var command = BulkCommand.Create($"""
            DROP TABLE IF EXISTS pg_temp.run_diff;
            CREATE TEMP TABLE run_diff AS
            SELECT CASE WHEN v.row_hash IS NULL THEN 'added' ELSE 'revised' END AS change,
                   s.period, s.key, s.measures, s.attributes, s.suppressed_mask, s.row_hash
            FROM pg_temp.run_staging s
            LEFT JOIN ingestion.versions v ON v.period = s.period AND v.key = s.key AND {ScopeSql.CurrentInScope}
            WHERE v.row_hash IS NULL
               OR (v.row_hash <> s.row_hash AND (v.measures IS DISTINCT FROM s.measures
                   OR v.attributes IS DISTINCT FROM s.attributes OR v.suppressed_mask <> s.suppressed_mask))
            UNION ALL
            SELECT 'removed', v.period, v.key, NULL, NULL, NULL, NULL
            FROM pg_temp.run_gone g
            JOIN ingestion.versions v ON v.period = g.period AND v.key = g.key AND {ScopeSql.CurrentInScope};
            """, connection, transaction))
        {
            ScopeSql.Bind(command, dataset, scope);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var counts = await CountAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    public static async Task<DiffCounts> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var count = BulkCommand.Create("""
            SELECT count(*) FILTER (WHERE change = 'added'), count(*) FILTER (WHERE change = 'revised'),
                   count(*) FILTER (WHERE change = 'removed')
            FROM pg_temp.run_diff
            """, connection, transaction);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DiffCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Of <paramref name="candidates"/> (measures no staged row has a value for), those the scope has values for now.</summary>
    public static async Task<IReadOnlyList<string>> MeasuresLosingAllValuesAsync(
        NpgsqlConnection connection, DatasetDescriptor dataset, YearScope scope, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        await using var command = BulkCommand.Create($"""
            SELECT m.measure
            FROM unnest(@candidates, @positions) WITH ORDINALITY AS m (measure, position, ordinal)
            WHERE EXISTS (SELECT FROM ingestion.versions v WHERE {ScopeSql.CurrentInScope} AND v.measures[m.position] IS NOT NULL)
            ORDER BY m.ordinal
            """, connection);
        ScopeSql.Bind(command, dataset, scope);
        command.Parameters.AddWithValue("candidates", candidates.ToArray());
        command.Parameters.AddWithValue("positions", candidates.Select(c => dataset.MeasureIndex(c) + 1).ToArray());
        var losing = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            losing.Add(reader.GetString(0));
        }

        return losing;
    }
}
