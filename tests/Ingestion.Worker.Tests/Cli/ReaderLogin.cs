using Npgsql;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>
/// A login role granted only <c>ingestion_reader</c>, as an operator gives a person who may look but not change
/// anything; dropped on dispose (roles are cluster-wide, so each test makes its own).
/// </summary>
internal sealed class ReaderLogin : IAsyncDisposable
{
    private const string Password = "reader-pw";
    private readonly string _adminConnectionString;

    private ReaderLogin(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The database's connection string with this login instead of the administrator.</summary>
    public string ConnectionString { get; }

    public static async Task<ReaderLogin> CreateAsync(string adminConnectionString, string databaseConnectionString)
    {
        var name = $"reader_{Guid.NewGuid():N}"[..24];
        await ExecuteAsync(adminConnectionString, $"CREATE ROLE {name} LOGIN PASSWORD '{Password}' IN ROLE ingestion_reader");
        var connectionString = new NpgsqlConnectionStringBuilder(databaseConnectionString) { Username = name, Password = Password }.ConnectionString;
        return new ReaderLogin(adminConnectionString, name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_adminConnectionString, $"DROP ROLE IF EXISTS {Name}");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
