using System.Diagnostics;
using System.Globalization;
using Ingestion.Testing.Hosting;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Cli;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>The <c>ingestion</c> executable itself: no verb runs the worker, which stops cleanly on SIGTERM.</summary>
public sealed class RunVerbTests(PostgresServerFixture server)
{
    [Fact]
    public async Task Main_NoVerbThenSigterm_MigratesServesReadyAndExitsZero()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = await server.EmptyAsync("run");
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Ingestion"] = connectionString,
            ["Ingestion__Host__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Ingestion__Scheduler__Clustered"] = "true",
            ["Ingestion__Host__ShutdownTimeout"] = "00:00:10",
        };

        await using var process = IngestionProcess.Start(environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.TrueAsync(() => WorkerHttp.IsReadyAsync(http), TimeSpan.FromSeconds(60));
        }
        finally
        {
            await process.TerminateAsync();
        }

        var stopping = Stopwatch.StartNew();
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr: {process.StandardError}");
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains("Database schema at version", process.StandardOutput, StringComparison.Ordinal);
    }
}
