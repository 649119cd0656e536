using Ingestion.Core.Model;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The set-based diff of the staged rows against the dataset's current versions, inside the run's scope only:
/// one hash full join into <c>pg_temp.run_diff</c> (change, key, new content). Rows outside the scope are never
/// read, so a 2000–2010 backfill cannot remove 2011.
/// </summary>
internal static class ScopeDiff
{
    /// <summary>The dataset's latest published snapshot: the base of this run's diff, and its scope and content hash.</summary>
    public static async Task<ScopeState> ReadBaseAsync(NpgsqlConnection connection, DatasetDescriptor dataset, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT s.snapshot_id, s.year_from, s.year_to, s.content_sha256 FROM ingestion.snapshots s
            WHERE s.dataset = @dataset AND s.status = 'published'
            ORDER BY s.snapshot_id DESC
            LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new ScopeState(0, null, null, null, null);
        }

        return new ScopeState(0, null, reader.GetInt64(0),
            new YearScope(reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)), reader.GetString(3));
    }

    /// <summary>Adds the scope's current row count and latest year (what the gate compares against).</summary>
    public static async Task<ScopeState> ReadScopeAsync(NpgsqlConnection connection, DatasetDescriptor dataset, YearScope scope, ScopeState state, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT count(*), max(v.year) FROM ingestion.versions v WHERE {ScopeSql.CurrentInScope}
            """, connection);
        ScopeSql.Bind(command, dataset, scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return state with { RowCount = reader.GetInt64(0), LatestYear = reader.IsDBNull(1) ? null : reader.GetInt32(1) };
    }

    public static async Task<DiffCounts> ComputeAsync(
        NpgsqlConnection connection, DatasetDescriptor dataset, YearScope scope, ScopeState before, long stagedRows, CancellationToken cancellationToken)
    {
        if (before.RowCount == 0)
        {
            // Nothing current in the scope: every staged row is added, so the staging table becomes the diff as is.
            await using var rename = new NpgsqlCommand("""
                DROP TABLE IF EXISTS pg_temp.run_diff;
                ALTER TABLE pg_temp.run_staging ADD COLUMN change text NOT NULL DEFAULT 'added';
                ALTER TABLE pg_temp.run_staging RENAME TO run_diff;
                """, connection);
            await rename.ExecuteNonQueryAsync(cancellationToken);
            return new DiffCounts(stagedRows, 0, 0);
        }

        await using (var command = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS pg_temp.run_diff;
            CREATE TEMP TABLE run_diff AS
            SELECT CASE WHEN c.row_hash IS NULL THEN 'added' WHEN s.row_hash IS NULL THEN 'removed' ELSE 'revised' END AS change,
                   coalesce(s.year, c.year) AS year, coalesce(s.origin, c.origin) AS origin,
                   coalesce(s.asylum, c.asylum) AS asylum, coalesce(s.detail, c.detail) AS detail,
                   s.measures, s.attributes, s.suppressed_mask, s.row_hash
            FROM pg_temp.run_staging s
            FULL JOIN (SELECT v.year, v.origin, v.asylum, v.detail, v.row_hash FROM ingestion.versions v WHERE {ScopeSql.CurrentInScope}) c
                ON c.year = s.year AND c.origin = s.origin AND c.asylum = s.asylum AND c.detail = s.detail
            WHERE c.row_hash IS DISTINCT FROM s.row_hash
            """, connection))
        {
            ScopeSql.Bind(command, dataset, scope);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await CountAsync(connection, null, cancellationToken);
    }

    public static async Task<DiffCounts> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand("""
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

        await using var command = new NpgsqlCommand($"""
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
