using Ingestion.Testing.Postgres;
using Npgsql;

namespace Ingestion.Postgres.Tests.Fixture;

/// <summary>Guards the test fixture itself: a real server, one database per class, rows never shared, databases dropped.</summary>
public sealed class DatabaseFixtureTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task DataSource_ConnectsToRealPostgres_ReportsServerVersion()
    {
        await using var command = database.DataSource.CreateCommand("SHOW server_version_num");
        var version = int.Parse((string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(version >= 150000, $"server_version_num {version}");
        Assert.False(string.IsNullOrEmpty(database.Server.Description));
    }

    [Fact]
    public async Task CreateMigratedDatabase_TwoDatabases_DoNotSeeEachOthersRows()
    {
        var ct = TestContext.Current.CancellationToken;
        var other = await database.Server.CreateMigratedDatabaseAsync("isolation");
        try
        {
            await using (var mine = database.DataSource.CreateCommand("CREATE TABLE stats.isolation_probe (v int); INSERT INTO stats.isolation_probe VALUES (42)"))
            {
                await mine.ExecuteNonQueryAsync(ct);
            }

            await using var connection = new NpgsqlConnection(database.Server.ConnectionStringFor(other));
            await connection.OpenAsync(ct);
            await using var probe = new NpgsqlCommand("SELECT to_regclass('stats.isolation_probe') IS NULL", connection);

            Assert.Equal(true, await probe.ExecuteScalarAsync(ct));
        }
        finally
        {
            await database.Server.DropDatabaseAsync(other);
        }
    }

    [Fact]
    public async Task DropDatabase_AfterUse_DatabaseIsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = await database.Server.CreateMigratedDatabaseAsync("cleanup");

        await database.Server.DropDatabaseAsync(name);

        await using var connection = new NpgsqlConnection(database.Server.AdminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        Assert.Equal(0L, await command.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task MigratedDatabase_HasContractSchemasAndReaderRole()
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM pg_namespace WHERE nspname IN ('ingestion', 'stats')),
                   (SELECT count(*) FROM pg_roles WHERE rolname = 'ingestion_reader')
            """);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));

        Assert.Equal(2L, reader.GetInt64(0));
        Assert.Equal(1L, reader.GetInt64(1));
    }
}
