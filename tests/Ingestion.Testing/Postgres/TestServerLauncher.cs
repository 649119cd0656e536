using Ingestion.Postgres.Local;
using Testcontainers.PostgreSql;

namespace Ingestion.Testing.Postgres;

/// <summary>
/// Chooses the tests' PostgreSQL: INGESTION_TEST_POSTGRES when set; else Testcontainers when a Docker engine
/// answers, is new enough and can start the image; else a throwaway cluster from the local binaries.
/// INGESTION_TEST_POSTGRES_PROVIDER pins the choice: <c>testcontainers</c> fails instead of falling back
/// (CI, so a broken engine cannot pass unnoticed), <c>local</c> never asks Docker.
/// </summary>
internal static class TestServerLauncher
{
    public const string EnvironmentVariable = "INGESTION_TEST_POSTGRES";
    public const string ProviderVariable = "INGESTION_TEST_POSTGRES_PROVIDER";
    public const string ImageVariable = "INGESTION_TEST_POSTGRES_IMAGE";
    public const string DefaultImage = "postgres:15-alpine";

    public static async Task<TestServer> StartAsync(CancellationToken cancellationToken)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new TestServer(configured, $"{EnvironmentVariable} is set: using that server", () => ValueTask.CompletedTask);
        }

        var provider = ParseProvider(Environment.GetEnvironmentVariable(ProviderVariable));
        if (provider == TestServerProvider.Local)
        {
            return await StartLocalAsync($"{ProviderVariable}=local", cancellationToken);
        }

        var image = Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } i ? i : DefaultImage;
        var dockerProblem = await DockerEngineProbe.WhyUnusableAsync(cancellationToken);
        if (dockerProblem is null)
        {
            var container = new PostgreSqlBuilder(image)
                .WithUsername("ingestion")
                .WithPassword(Guid.NewGuid().ToString("N"))
                .WithCommand("-c", "fsync=off", "-c", "max_connections=200")
                .Build();
            try
            {
                await container.StartAsync(cancellationToken);
                return new TestServer(container.GetConnectionString(), $"Docker engine answered: using Testcontainers ({image})", container.DisposeAsync);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await container.DisposeAsync();
                dockerProblem = $"Testcontainers could not start {image} ({e.GetType().Name}: {e.Message})";
                if (provider == TestServerProvider.Testcontainers)
                {
                    throw new InvalidOperationException($"{ProviderVariable}=testcontainers, but {dockerProblem}", e);
                }
            }
        }

        if (provider == TestServerProvider.Testcontainers)
        {
            throw new InvalidOperationException($"{ProviderVariable}=testcontainers, but {dockerProblem}");
        }

        return await StartLocalAsync(dockerProblem, cancellationToken);
    }

    /// <summary>A throwaway cluster from the machine's binaries, deleted when stopped.</summary>
    public static async Task<TestServer> StartLocalAsync(string reason, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ingestion-test-pg-{Guid.NewGuid():N}");
        var local = await LocalPostgresServer.StartAsync(folder, throwaway: true, cancellationToken);
        return new TestServer(
            local.ConnectionString,
            $"{reason}: using a throwaway cluster from the local binaries on 127.0.0.1:{local.Port}",
            local.DisposeAsync);
    }

    public static TestServerProvider ParseProvider(string? value) => value switch
    {
        null or "" or "auto" => TestServerProvider.Auto,
        "testcontainers" => TestServerProvider.Testcontainers,
        "local" => TestServerProvider.Local,
        _ => throw new InvalidOperationException($"{ProviderVariable} must be testcontainers, local or auto, was '{value}'."),
    };
}
