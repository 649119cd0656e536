using Ingestion.Postgres.Local;
using Ingestion.Postgres.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Ingestion.Testing.Postgres;

/// <summary>
/// A PostgreSQL server of one test class's own, from the local binaries, that the tests may restart
/// (<c>pg_ctl restart -m fast</c>), stop and start again: the shared fixture's server must not be restarted under
/// other classes' feet. Each test gets a migrated database on it.
/// </summary>
public sealed class RestartablePostgres : IAsyncLifetime
{
    private LocalPostgresServer? _server;

    private LocalPostgresServer Server => _server ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ingestion-failover-pg-{Guid.NewGuid():N}");
        _server = await LocalPostgresServer.StartAsync(folder, throwaway: true, TestContext.Current.CancellationToken);
    }

    public async Task<string> CreateMigratedDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
        await using (var admin = NpgsqlDataSource.Create(Server.ConnectionString))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE \"{name}\"");
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = name }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(dataSource, TestCatalog.Default, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        return connectionString;
    }

    public Task RestartAsync() => Server.RestartAsync(CancellationToken.None);

    public Task StopAsync() => Server.PauseAsync(CancellationToken.None);

    public Task StartAsync() => Server.ResumeAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
