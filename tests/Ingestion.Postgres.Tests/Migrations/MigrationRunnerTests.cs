using Ingestion.Postgres.Migrations;
using Ingestion.Testing;
using Ingestion.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ingestion.Postgres.Tests.Migrations;

public sealed class MigrationRunnerTests(PostgresServerFixture server) : IAsyncLifetime
{
    private string _database = "";

    public async ValueTask InitializeAsync() => _database = await server.CreateEmptyDatabaseAsync("migrations");

    public async ValueTask DisposeAsync() => await server.DropDatabaseAsync(_database);

    [Fact]
    public async Task ApplyAsync_EmptyDatabase_AppliesEveryMigrationInOrder()
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        var runner = new MigrationRunner(dataSource, TestCatalog.Default, NullLogger<MigrationRunner>.Instance);

        var applied = await runner.ApplyAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MigrationCatalog.All.Select(m => m.Version), applied.Select(m => m.Version));
        Assert.Equal(1, applied[0].Version);
        Assert.Equal(MigrationCatalog.LatestVersion, await runner.CurrentVersionAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ApplyAsync_Twice_SecondRunChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        var runner = new MigrationRunner(dataSource, TestCatalog.Default, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(ct);
        var before = await SchemaFingerprintAsync(dataSource, ct);

        var second = await runner.ApplyAsync(ct);

        Assert.Empty(second);
        Assert.Equal(before, await SchemaFingerprintAsync(dataSource, ct));
    }

    [Fact]
    public async Task ApplyAsync_TwoConcurrentRunners_SerializeAndBothSucceed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        await using var second = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));

        var results = await Task.WhenAll(
            new MigrationRunner(first, TestCatalog.Default, NullLogger<MigrationRunner>.Instance).ApplyAsync(ct),
            new MigrationRunner(second, TestCatalog.Default, NullLogger<MigrationRunner>.Instance).ApplyAsync(ct));

        // Exactly one runner applied each migration; the other waited on the lock and found nothing to do.
        Assert.Equal(MigrationCatalog.All.Count, results.Sum(r => r.Count));
        Assert.Contains(results, r => r.Count == 0);
        await using var count = first.CreateCommand("SELECT count(*) FROM ingestion.schema_migrations");
        Assert.Equal((long)MigrationCatalog.All.Count, await count.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task ApplyAsync_AppliedMigrationEdited_FailsNamingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        var runner = new MigrationRunner(dataSource, TestCatalog.Default, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(ct);
        await using (var tamper = dataSource.CreateCommand("UPDATE ingestion.schema_migrations SET checksum = 'edited' WHERE version = 1"))
        {
            await tamper.ExecuteNonQueryAsync(ct);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.ApplyAsync(ct));

        Assert.Contains("0001_schemas_and_reader_role", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> SchemaFingerprintAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' ORDER BY n.nspname, c.relname)
                   || '|' || (SELECT string_agg(version || '@' || applied_at, ',' ORDER BY version) FROM ingestion.schema_migrations)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('ingestion', 'stats')
            """);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }
}
