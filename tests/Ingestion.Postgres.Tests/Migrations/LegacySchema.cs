using Ingestion.Postgres.Migrations;
using Npgsql;

namespace Ingestion.Postgres.Tests.Migrations;

/// <summary>
/// "Yesterday's" database: the embedded migrations up to <see cref="Version"/> applied exactly as the MigrationRunner
/// of that schema did it (git show be52f8b^:src/Ingestion.Postgres/Migrations/MigrationRunner.cs): the
/// schema_migrations table, then each migration and its row in one transaction, and no catalogue sync or generated
/// read contract after them.
/// </summary>
internal static class LegacySchema
{
    /// <summary>The last schema version of the UNHCR-shaped layout (0001–0005; there is no 0004).</summary>
    public const int Version = 5;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var table = new NpgsqlCommand("""
            CREATE SCHEMA IF NOT EXISTS ingestion;
            CREATE TABLE IF NOT EXISTS ingestion.schema_migrations (
                version    integer PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, connection))
        {
            await table.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var migration in MigrationCatalog.All.Where(m => m.Version <= Version))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand("""
                INSERT INTO ingestion.schema_migrations (version, name, checksum)
                VALUES (@version, @name, @checksum)
                """, connection, transaction))
            {
                record.Parameters.AddWithValue("version", migration.Version);
                record.Parameters.AddWithValue("name", migration.Name);
                record.Parameters.AddWithValue("checksum", migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }
}
