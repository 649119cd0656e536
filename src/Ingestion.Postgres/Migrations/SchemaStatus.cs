using Npgsql;

namespace Ingestion.Postgres.Migrations;

/// <summary>
/// The schema version a database has against the one this build expects, read without changing anything, so that
/// verbs which only look at state can refuse a database that is behind instead of migrating it.
/// </summary>
/// <param name="AppliedVersion">The highest applied migration; 0 for a database without the schema; null when the
/// login may not read <c>ingestion.schema_migrations</c> (a schema older than the grant, or a login without
/// <c>ingestion_reader</c>).</param>
public sealed record SchemaStatus(int? AppliedVersion, int ExpectedVersion)
{
    public bool IsBehind => AppliedVersion is not { } applied || applied < ExpectedVersion;

    public static async Task<SchemaStatus> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(version), 0) FROM ingestion.schema_migrations");
        try
        {
            var applied = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return new SchemaStatus(applied, MigrationCatalog.LatestVersion);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return new SchemaStatus(0, MigrationCatalog.LatestVersion);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return new SchemaStatus(null, MigrationCatalog.LatestVersion);
        }
    }
}
