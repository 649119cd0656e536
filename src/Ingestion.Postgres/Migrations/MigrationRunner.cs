using Ingestion.Core.Model;
using Ingestion.Postgres.Catalog;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ingestion.Postgres.Migrations;

/// <summary>
/// Applies the embedded migrations in order, each in its own transaction, under a session advisory lock so
/// that concurrent runners (replicas starting together) serialize; the second finds nothing left to do.
/// A migration whose text changed after it was applied is an error: migrations are forward-only. After the SQL
/// migrations, the dataset catalogue is written to the database and the read contract (typed views, as-of functions,
/// stats.revisions) regenerated from it when it changed.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, DatasetCatalog catalog, ILogger<MigrationRunner> logger)
{
    /// <summary>Advisory lock key for migrations ("ingest-m" as ASCII).</summary>
    private const long MigrationLockKey = 0x696e676573742d6d;

    private const string AppliedSql = "SELECT version, checksum FROM ingestion.schema_migrations";

    public async Task<IReadOnlyList<Migration>> ApplyAsync(CancellationToken cancellationToken)
    {
        if (await IsCurrentAsync(cancellationToken))
        {
            LogSchema(0, regenerated: false);
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, MigrationLockKey);
        try
        {
            await ExecuteAsync(connection, """
                CREATE SCHEMA IF NOT EXISTS ingestion;
                CREATE TABLE IF NOT EXISTS ingestion.schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var newlyApplied = new List<Migration>();
            foreach (var migration in MigrationCatalog.All)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied; add a new migration instead.");
                    }

                    continue;
                }

                await ApplyOneAsync(connection, migration, cancellationToken);
                newlyApplied.Add(migration);
            }

            var regenerated = await CatalogSync.ApplyAsync(connection, catalog, cancellationToken);
            LogSchema(newlyApplied.Count, regenerated);
            return newlyApplied;
        }
        finally
        {
            // The lock is also released when the session ends; unlocking explicitly keeps a pooled connection clean.
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, MigrationLockKey);
        }
    }

    /// <summary>
    /// One round trip, without the lock: is every embedded migration applied, with the same checksum, and the read
    /// contract generated from this catalogue? Each migration commits together with its schema_migrations row and the
    /// contract with its hash, so a database showing all of them is complete. Every CLI verb that writes starts here,
    /// and on a current database (the usual case) this saves the lock, the DDL and the catalogue comparison; anything
    /// else — a new database, a missing or changed migration, another catalogue — takes the locked path, which applies
    /// what is missing and reports what is wrong.
    /// </summary>
    private async Task<bool> IsCurrentAsync(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(AppliedSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(CatalogSync.StoredContractSql));
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var applied = await ReadAppliedAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var contract = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
            return applied.Count == MigrationCatalog.All.Count
                && MigrationCatalog.All.All(m => applied.TryGetValue(m.Version, out var checksum) && checksum == m.Checksum)
                && contract == new ReadContract(catalog).Sha256;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return false; // a database without the schema (or from before the read contract): the locked path creates it
        }
    }

    private void LogSchema(int appliedNow, bool regenerated) => logger.LogInformation(
        "Database schema at version {SchemaVersion}: {AppliedCount} migration(s) applied now; read contract for {DatasetCount} datasets {ContractState}",
        MigrationCatalog.LatestVersion, appliedNow, catalog.All.Count, regenerated ? "generated" : "current");

    /// <summary>The highest applied version, or 0 for an empty database (used by the readiness check).</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT coalesce(max(version), 0)
            FROM ingestion.schema_migrations
            """);
        try
        {
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return 0;
        }
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
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
        logger.LogInformation("Applied migration {MigrationVersion:D4}_{MigrationName}", migration.Version, migration.Name);
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AppliedSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAppliedAsync(reader, cancellationToken);
    }

    /// <summary>Applied migrations (version → checksum) from the current result of <paramref name="reader"/>.</summary>
    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, long? key = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (key is not null)
        {
            command.Parameters.AddWithValue("key", key.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
