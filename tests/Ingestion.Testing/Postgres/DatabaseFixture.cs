using Npgsql;
using Xunit;

namespace Ingestion.Testing.Postgres;

/// <summary>A migrated database of its own for one test class (<c>IClassFixture&lt;DatabaseFixture&gt;</c>), dropped afterwards.</summary>
public sealed class DatabaseFixture(PostgresServerFixture server) : IAsyncLifetime
{
    private string? _database;
    private NpgsqlDataSource? _dataSource;

    public PostgresServerFixture Server => server;

    public string DatabaseName => _database ?? throw new InvalidOperationException("Not initialized.");

    public string ConnectionString => server.ConnectionStringFor(DatabaseName);

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        _database = await server.CreateMigratedDatabaseAsync("class");
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }
}
