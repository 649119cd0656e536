using Ingestion.Testing.Postgres;
using Npgsql;

namespace Ingestion.Postgres.Tests.Fixture;

/// <summary>
/// Guards the fixture's providers: CI runs the suite on Testcontainers, so the local-binaries provider
/// (the fallback, and what `dotnet test` uses on a machine without Docker) is started here directly.
/// </summary>
public sealed class TestServerLauncherTests
{
    [Fact]
    public async Task StartLocalAsync_MachineBinaries_ServesPostgres15AndStopsOnDispose()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await TestServerLauncher.StartLocalAsync("launcher test", ct);
        try
        {
            await using var connection = new NpgsqlConnection(server.AdminConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int, current_setting('fsync')", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));

            Assert.True(reader.GetInt32(0) >= 150000, $"server_version_num {reader.GetInt32(0)}");
            Assert.Equal("off", reader.GetString(1)); // throwaway: tuned for tests
            Assert.StartsWith("launcher test: using a throwaway cluster from the local binaries on 127.0.0.1:", server.Description, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.Stop();
        }

        await using var afterStop = new NpgsqlConnection(server.AdminConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => afterStop.OpenAsync(ct));
    }

    [Theory]
    [InlineData(null, "Auto")]
    [InlineData("", "Auto")]
    [InlineData("auto", "Auto")]
    [InlineData("testcontainers", "Testcontainers")]
    [InlineData("local", "Local")]
    public void ParseProvider_KnownValue_ReturnsProvider(string? value, string expected)
    {
        Assert.Equal(expected, TestServerLauncher.ParseProvider(value).ToString());
    }

    [Fact]
    public void ParseProvider_UnknownValue_ThrowsNamingVariableAndValue()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TestServerLauncher.ParseProvider("docker"));

        Assert.Equal("INGESTION_TEST_POSTGRES_PROVIDER must be testcontainers, local or auto, was 'docker'.", e.Message);
    }
}
