using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>A database of the test's own on the shared server, as a connection string.</summary>
internal static class TestDatabases
{
    public static async Task<string> MigratedAsync(this PostgresServerFixture server, string prefix) =>
        server.ConnectionStringFor(await server.CreateMigratedDatabaseAsync(prefix));

    public static async Task<string> EmptyAsync(this PostgresServerFixture server, string prefix) =>
        server.ConnectionStringFor(await server.CreateEmptyDatabaseAsync(prefix));
}
