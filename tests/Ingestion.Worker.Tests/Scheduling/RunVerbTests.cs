using System.Diagnostics;
using System.Globalization;
using System.Net;
using Ingestion.Testing.Hosting;
using Ingestion.Testing.Postgres;

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
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ingestion.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Ingestion"] = connectionString;
        start.Environment["Ingestion__Host__Port"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["Ingestion__Scheduler__Clustered"] = "true";
        start.Environment["Ingestion__Host__ShutdownTimeout"] = "00:00:10";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the ingestion executable.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.TrueAsync(async () => await ReadyAsync(http) == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        }
        finally
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(cancellationToken);
        }

        var stopping = Stopwatch.StartNew();
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; stderr: {await errors}");
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains("Database schema at version", await output, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode?> ReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }
}
