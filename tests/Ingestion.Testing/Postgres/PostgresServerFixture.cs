using Ingestion.Postgres.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Ingestion.Testing.Postgres;

/// <summary>
/// One PostgreSQL server per test assembly (declare <c>[assembly: AssemblyFixture(typeof(PostgresServerFixture))]</c>).
/// It migrates a template database once; every test class then gets its own copy
/// (<see cref="DatabaseFixture"/>), so classes run in parallel and never see each other's rows.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private TestServer? _server;
    private string? _templateName;

    public string AdminConnectionString => Server.AdminConnectionString;

    /// <summary>Which server was chosen and why (also written to stderr once).</summary>
    public string Description => Server.Description;

    private TestServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture is not initialized.");

    public async ValueTask InitializeAsync()
    {
        _server = await TestServerLauncher.StartAsync(TestContext.Current.CancellationToken);
        await Console.Error.WriteLineAsync($"[ingestion tests] PostgreSQL: {_server.Description}");
        TestContext.Current.SendDiagnosticMessage("PostgreSQL: {0}", _server.Description);

        _templateName = await CreateEmptyDatabaseAsync("template");
        await using var dataSource = NpgsqlDataSource.Create(ConnectionStringFor(_templateName));
        await new MigrationRunner(dataSource, TestCatalog.Default, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        await dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools(); // a template must have no open connections to be copied
    }

    /// <summary>A new database holding every migration, for one test class.</summary>
    public Task<string> CreateMigratedDatabaseAsync(string prefix) => CreateDatabaseAsync(prefix, _templateName);

    /// <summary>A new database with no migrations applied.</summary>
    public Task<string> CreateEmptyDatabaseAsync(string prefix) => CreateDatabaseAsync(prefix, template: null);

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    public async Task DropDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.Stop();
        }

        _createLock.Dispose();
    }

    private async Task<string> CreateDatabaseAsync(string prefix, string? template)
    {
        var name = $"t_{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 35)];
        var templateClause = template is null ? "" : $" TEMPLATE \"{template}\"";
        // CREATE DATABASE ... TEMPLATE fails when the template is in use, including by a concurrent copy.
        await _createLock.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{templateClause}", connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            _createLock.Release();
        }

        return name;
    }
}
