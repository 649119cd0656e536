using Ingestion.Core.Model;
using Npgsql;

namespace Ingestion.Postgres.Catalog;

/// <summary>
/// Writes the program's dataset catalogue into <c>ingestion.datasets</c> and regenerates the read contract when its
/// SQL changed. Versions store measures and attributes by position, so a dataset's key, period and field lists may
/// only grow at their end; anything else is refused with every problem named, before anything is written.
/// </summary>
internal static class CatalogSync
{
    /// <summary>The SHA-256 of the read contract the database holds (no row before the first generation).</summary>
    public const string StoredContractSql = "SELECT sql_sha256 FROM ingestion.read_contract";

    public static async Task<bool> ApplyAsync(NpgsqlConnection connection, DatasetCatalog catalog, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await ReadStoredAsync(connection, transaction, cancellationToken);
        var problems = catalog.All.SelectMany(d => stored.TryGetValue(d.Name, out var before) ? Incompatibilities(d, before) : []).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The dataset catalogue does not extend the database's: {string.Join("; ", problems)}.");
        }

        var contract = new ReadContract(catalog);
        if (await StoredContractAsync(connection, transaction, cancellationToken) == contract.Sha256)
        {
            return false;
        }

        foreach (var dataset in catalog.All)
        {
            await UpsertAsync(connection, transaction, dataset, cancellationToken);
        }

        await using (var generate = new NpgsqlCommand(contract.Sql, connection, transaction))
        {
            await generate.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var record = new NpgsqlCommand("""
            INSERT INTO ingestion.read_contract (sql_sha256, generated_at) VALUES (@sha256, now())
            ON CONFLICT (singleton) DO UPDATE SET sql_sha256 = excluded.sql_sha256, generated_at = excluded.generated_at
            """, connection, transaction))
        {
            record.Parameters.AddWithValue("sha256", contract.Sha256);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The SHA-256 of the read contract the database holds, or null before the first generation.</summary>
    public static async Task<string?> StoredContractAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(StoredContractSql, connection, transaction);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    private static IEnumerable<string> Incompatibilities(DatasetDescriptor dataset, StoredDataset before)
    {
        if (before.Period != PeriodText(dataset.Period))
        {
            yield return $"{dataset.Name}: period {before.Period} cannot become {PeriodText(dataset.Period)}";
        }

        if (!before.KeyFields.SequenceEqual(dataset.Key.Select(k => k.Name)))
        {
            yield return $"{dataset.Name}: key ({string.Join(", ", before.KeyFields)}) cannot become ({string.Join(", ", dataset.Key.Select(k => k.Name))})";
        }

        if (!dataset.Measures.Take(before.Measures.Length).SequenceEqual(before.Measures))
        {
            yield return $"{dataset.Name}: measures ({string.Join(", ", before.Measures)}) may only be appended to, not ({string.Join(", ", dataset.Measures)})";
        }

        var attributes = dataset.Attributes.Select(a => a.Name).ToList();
        if (!attributes.Take(before.Attributes.Length).SequenceEqual(before.Attributes))
        {
            yield return $"{dataset.Name}: attributes ({string.Join(", ", before.Attributes)}) may only be appended to, not ({string.Join(", ", attributes)})";
        }
    }

    private static async Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DatasetDescriptor dataset, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO ingestion.datasets (dataset, publisher, view_name, period, key_fields, origin_field, asylum_field, measures, attributes, view_columns)
            VALUES (@dataset, @publisher, @view_name, @period, @key_fields, @origin_field, @asylum_field, @measures, @attributes, @view_columns)
            ON CONFLICT (dataset) DO UPDATE SET
                publisher = excluded.publisher, view_name = excluded.view_name, period = excluded.period, key_fields = excluded.key_fields,
                origin_field = excluded.origin_field, asylum_field = excluded.asylum_field, measures = excluded.measures,
                attributes = excluded.attributes, view_columns = excluded.view_columns
            """, connection, transaction);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        command.Parameters.AddWithValue("publisher", dataset.Publisher);
        command.Parameters.AddWithValue("view_name", dataset.ViewName);
        command.Parameters.AddWithValue("period", PeriodText(dataset.Period));
        command.Parameters.AddWithValue("key_fields", dataset.Key.Select(k => k.Name).ToArray());
        command.Parameters.AddWithValue("origin_field", (object?)dataset.Dimension(CountryRole.Origin)?.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("asylum_field", (object?)dataset.Dimension(CountryRole.Asylum)?.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("measures", dataset.Measures.ToArray());
        command.Parameters.AddWithValue("attributes", dataset.Attributes.Select(a => a.Name).ToArray());
        command.Parameters.AddWithValue("view_columns", ReadContractSql.ViewColumns(dataset, "v").Select(c => c.Column).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Dictionary<string, StoredDataset>> ReadStoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT dataset, period, key_fields, measures, attributes FROM ingestion.datasets", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var stored = new Dictionary<string, StoredDataset>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored[reader.GetString(0)] = new StoredDataset(
                reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<string[]>(3), reader.GetFieldValue<string[]>(4));
        }

        return stored;
    }

    internal static string PeriodText(PeriodKind period) => period switch
    {
        PeriodKind.Year => "year",
        PeriodKind.YearMonth => "year_month",
        _ => "none",
    };

    private sealed record StoredDataset(string Period, string[] KeyFields, string[] Measures, string[] Attributes);
}
