using Ingestion.Testing.Postgres;
using Npgsql;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>A database of the test server for one test that changes its schema (put it behind, leave it empty); dropped on dispose.</summary>
internal sealed class ScratchDatabase(PostgresServerFixture server, string name) : IAsyncDisposable
{
    public string ConnectionString => server.ConnectionStringFor(name);

    public static async Task<ScratchDatabase> MigratedAsync(PostgresServerFixture server) =>
        new(server, await server.CreateMigratedDatabaseAsync("scratch"));

    public static async Task<ScratchDatabase> EmptyAsync(PostgresServerFixture server) =>
        new(server, await server.CreateEmptyDatabaseAsync("scratch"));

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await server.DropDatabaseAsync(name);
    }
}
