using Ingestion.Core.Model;
using Ingestion.Postgres.Migrations;
using Ingestion.Testing;
using Ingestion.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ingestion.Postgres.Tests.Migrations;

/// <summary>Reading the schema version changes nothing and tells current, behind, empty and unreadable apart.</summary>
public sealed class SchemaStatusTests(PostgresServerFixture server) : IAsyncLifetime
{
    private string _database = "";

    public async ValueTask InitializeAsync() => _database = await server.CreateEmptyDatabaseAsync("schema_status");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task ReadAsync_EmptyDatabase_IsVersionZeroAndCreatesNothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));

        var status = await SchemaStatus.ReadAsync(dataSource, TestCatalog.Default, TestContext.Current.CancellationToken);

        Assert.Equal(new SchemaStatus(0, MigrationCatalog.LatestVersion, false), status);
        Assert.True(status.IsBehind);
        Assert.Equal(0L, await ScalarAsync(dataSource, "SELECT count(*) FROM pg_namespace WHERE nspname = 'ingestion'"));
    }

    [Fact]
    public async Task ReadAsync_Migrated_IsCurrent()
    {
        await using var dataSource = await MigratedAsync();

        var status = await SchemaStatus.ReadAsync(dataSource, TestCatalog.Default, TestContext.Current.CancellationToken);

        Assert.Equal(new SchemaStatus(MigrationCatalog.LatestVersion, MigrationCatalog.LatestVersion, true), status);
        Assert.False(status.IsBehind);
    }

    [Fact]
    public async Task ReadAsync_LatestMigrationNotApplied_IsBehindAtThePreviousVersion()
    {
        await using var dataSource = await MigratedAsync();
        await ScalarAsync(dataSource, $"DELETE FROM ingestion.schema_migrations WHERE version = {MigrationCatalog.LatestVersion}");

        var status = await SchemaStatus.ReadAsync(dataSource, TestCatalog.Default, TestContext.Current.CancellationToken);

        Assert.Equal(MigrationCatalog.All[^2].Version, status.AppliedVersion);
        Assert.True(status.IsBehind);
    }

    [Fact]
    public async Task ReadAsync_CatalogueWithANewDataset_IsBehindUntilMigrated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = await MigratedAsync();
        var extra = new DatasetDescriptor("test.extra", "test_extra", PeriodKind.Year, [new KeyDimension("geo")], ["value"], []);
        var grown = new DatasetCatalog([.. TestCatalog.Default.All, extra], TestCatalog.Default.Views);

        var before = await SchemaStatus.ReadAsync(dataSource, grown, ct);
        await new MigrationRunner(dataSource, grown, NullLogger<MigrationRunner>.Instance).ApplyAsync(ct);
        var after = await SchemaStatus.ReadAsync(dataSource, grown, ct);

        Assert.Equal((MigrationCatalog.LatestVersion, false, true), (before.AppliedVersion, before.ContractCurrent, before.IsBehind));
        Assert.Equal((true, false), (after.ContractCurrent, after.IsBehind));
    }

    [Fact]
    public async Task ReadAsync_LoginThatMayNotReadTheVersions_IsUnknownAndBehind()
    {
        await using var dataSource = await MigratedAsync();
        await ScalarAsync(dataSource, "REVOKE SELECT ON ingestion.schema_migrations FROM ingestion_reader");
        var builder = new NpgsqlDataSourceBuilder(server.ConnectionStringFor(_database));
        // As ingestion_reader: every connection of this data source takes the role before use.
        builder.UsePhysicalConnectionInitializer(
            connection => { using var role = new NpgsqlCommand("SET ROLE ingestion_reader", connection); role.ExecuteNonQuery(); },
            async connection => { await using var role = new NpgsqlCommand("SET ROLE ingestion_reader", connection); await role.ExecuteNonQueryAsync(); });
        await using var asReader = builder.Build();

        var status = await SchemaStatus.ReadAsync(asReader, TestCatalog.Default, TestContext.Current.CancellationToken);

        Assert.Null(status.AppliedVersion);
        Assert.True(status.IsBehind);
    }

    private async Task<NpgsqlDataSource> MigratedAsync()
    {
        var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        await new MigrationRunner(dataSource, TestCatalog.Default, NullLogger<MigrationRunner>.Instance).ApplyAsync(TestContext.Current.CancellationToken);
        return dataSource;
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
