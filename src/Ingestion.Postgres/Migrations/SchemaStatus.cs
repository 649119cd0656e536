using Ingestion.Core.Model;
using Ingestion.Postgres.Catalog;
using Npgsql;

namespace Ingestion.Postgres.Migrations;

/// <summary>
/// The schema version a database has against the one this build expects, and whether its generated read contract
/// matches this build's dataset catalogue, read without changing anything, so that verbs which only look at state
/// can refuse a database that is behind instead of migrating it.
/// </summary>
/// <param name="AppliedVersion">The highest applied migration; 0 for a database without the schema; null when the
/// login may not read <c>ingestion.schema_migrations</c> (a schema older than the grant, or a login without
/// <c>ingestion_reader</c>).</param>
/// <param name="ContractCurrent">The views were generated from this catalogue (false when the schema is behind).</param>
public sealed record SchemaStatus(int? AppliedVersion, int ExpectedVersion, bool ContractCurrent)
{
    public bool IsBehind => AppliedVersion is not { } applied || applied < ExpectedVersion || !ContractCurrent;

    public static async Task<SchemaStatus> ReadAsync(NpgsqlDataSource dataSource, DatasetCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM ingestion.schema_migrations", connection);
        try
        {
            var applied = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            var current = applied >= MigrationCatalog.LatestVersion
                && await CatalogSync.StoredContractAsync(connection, null, cancellationToken) == new ReadContract(catalog).Sha256;
            return new SchemaStatus(applied, MigrationCatalog.LatestVersion, current);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return new SchemaStatus(0, MigrationCatalog.LatestVersion, false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return new SchemaStatus(null, MigrationCatalog.LatestVersion, false);
        }
    }
}
