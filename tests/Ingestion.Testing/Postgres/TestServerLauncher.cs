using Ingestion.Postgres.Local;
using Testcontainers.PostgreSql;

namespace Ingestion.Testing.Postgres;

/// <summary>
/// Chooses the tests' PostgreSQL: INGESTION_TEST_POSTGRES when set; else Testcontainers when a Docker engine
/// answers, is new enough and can start the image; else a throwaway cluster from the local binaries.
/// </summary>
internal static class TestServerLauncher
{
    public const string EnvironmentVariable = "INGESTION_TEST_POSTGRES";

    public static async Task<TestServer> StartAsync(CancellationToken cancellationToken)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new TestServer(configured, $"{EnvironmentVariable} is set: using that server", () => ValueTask.CompletedTask);
        }

        var dockerProblem = await DockerEngineProbe.WhyUnusableAsync(cancellationToken);
        if (dockerProblem is null)
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine")
                .WithUsername("ingestion")
                .WithPassword(Guid.NewGuid().ToString("N"))
                .WithCommand("-c", "fsync=off", "-c", "max_connections=200")
                .Build();
            try
            {
                await container.StartAsync(cancellationToken);
                return new TestServer(container.GetConnectionString(), "Docker engine answered: using Testcontainers (postgres:15-alpine)", container.DisposeAsync);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await container.DisposeAsync();
                dockerProblem = $"Testcontainers could not start postgres:15-alpine ({e.GetType().Name}: {e.Message})";
            }
        }

        var folder = Path.Combine(Path.GetTempPath(), $"ingestion-test-pg-{Guid.NewGuid():N}");
        var local = await LocalPostgresServer.StartAsync(folder, throwaway: true, cancellationToken);
        return new TestServer(
            local.ConnectionString,
            $"{dockerProblem}: using a throwaway cluster from the local binaries on 127.0.0.1:{local.Port}",
            local.DisposeAsync);
    }
}
