using Npgsql;

namespace Ingestion.Postgres.Tests.Migrations;

/// <summary>
/// What downstream services can read, as ingestion_reader: for every view in <c>stats</c> and every
/// <c>stats.*_as_of(id)</c> for each snapshot id in <c>ingestion.snapshots</c>, the result's column names and types
/// (from the reader's schema), its row count and the md5 of its rows as text in byte order. <c>stats.revisions</c> is
/// split: its rows outside <c>unhcr.countries</c>, and the countries' rows with <c>asylum_iso</c> read as
/// <c>coalesce(asylum_iso, '')</c> (the one deliberate change of the generated contract, asserted on its own).
/// </summary>
internal static class ReadContractFingerprint
{
    public const string CountriesRevisions = "stats.revisions [unhcr.countries, asylum_iso coalesced to '']";

    private const string RevisionColumns = "dataset, snapshot_id, year, origin_iso, coalesce(asylum_iso, '') AS asylum_iso, detail, measure, old_value, new_value, change";

    public static async Task<SortedDictionary<string, string>> CaptureAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var views = await ListAsync(connection, transaction, """
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'stats' AND c.relkind = 'v' ORDER BY 1
            """, ct);
        var functions = await ListAsync(connection, transaction, """
            SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'stats' AND p.proname LIKE '%\_as\_of' AND pg_get_function_identity_arguments(p.oid) = 'snapshot_id bigint'
            ORDER BY 1
            """, ct);
        var snapshotIds = await ListAsync(connection, transaction, "SELECT snapshot_id::text FROM ingestion.snapshots ORDER BY snapshot_id", ct);
        await ExecuteAsync(connection, transaction, "SET LOCAL ROLE ingestion_reader", ct);

        var fingerprints = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var view in views)
        {
            var sql = view == "revisions" ? "SELECT * FROM stats.revisions WHERE dataset <> 'unhcr.countries'" : $"SELECT * FROM stats.\"{view}\"";
            fingerprints[$"stats.{view}"] = await OfQueryAsync(connection, transaction, sql, ct);
        }

        fingerprints[CountriesRevisions] = await OfQueryAsync(connection, transaction,
            $"SELECT {RevisionColumns} FROM stats.revisions WHERE dataset = 'unhcr.countries'", ct);
        foreach (var function in functions)
        {
            foreach (var id in snapshotIds)
            {
                fingerprints[$"stats.{function}({id})"] = await OfQueryAsync(connection, transaction, $"SELECT * FROM stats.\"{function}\"({id})", ct);
            }
        }

        return fingerprints;
    }

    /// <summary>"columns | rows | md5" of one query.</summary>
    private static async Task<string> OfQueryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        string columns;
        await using (var schema = new NpgsqlCommand(sql, connection, transaction))
        await using (var reader = await schema.ExecuteReaderAsync(System.Data.CommandBehavior.SchemaOnly, ct))
        {
            columns = string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}:{reader.GetDataTypeName(i)}"));
        }

        await using var content = new NpgsqlCommand($"""
            SELECT count(*)::text || ' rows, md5 ' || md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text COLLATE "C"), ''))
            FROM ({sql}) t
            """, connection, transaction);
        // Whole views aggregated under parallel test load: bounded by the test's cancellation, not Npgsql's 30 s.
        content.CommandTimeout = 0;
        return $"{columns} | {(string)(await content.ExecuteScalarAsync(ct))!}";
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
