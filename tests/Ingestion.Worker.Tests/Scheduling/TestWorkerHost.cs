using Ingestion.Testing.Hosting;
using Ingestion.Worker.Cli;
using Ingestion.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>
/// The worker as <c>run</c> composes it — options, services, Quartz, Kestrel, health and metrics endpoints — but
/// configured in memory instead of from the environment (tests run in parallel), Production by default, with
/// the test's own services registered last (by default a recording <c>IRunLauncher</c> nobody reads).
/// </summary>
internal sealed class TestWorkerHost(WebApplication app, int port) : IAsyncDisposable
{
    public WebApplication App => app;

    public IServiceProvider Services => app.Services;

    public HttpClient Http { get; } = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };

    public static WebApplication Build(
        string connectionString,
        IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? configureServices = null,
        bool isWorker = true,
        string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddIngestionOptions(builder.Configuration, builder.Environment);
        builder.Services.AddIngestionServices(builder.Configuration, _ => Npgsql.NpgsqlDataSource.Create(connectionString), isWorker, scheduler: true);
        if (configureServices is null)
        {
            builder.Services.AddRecordingRunLauncher(new RunRecorder());
        }
        else
        {
            configureServices(builder.Services);
        }

        if (isWorker)
        {
            builder.ConfigureWorkerEndpoint();
        }

        return builder.Build();
    }

    /// <summary>Starts a worker on a free port as <c>run</c> does; without <paramref name="migrate"/>, the database is left as it is.</summary>
    public static async Task<TestWorkerHost> StartAsync(
        string connectionString,
        IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? configureServices = null,
        bool migrate = true)
    {
        var port = FreePort.Next();
        var withPort = new Dictionary<string, string?>(settings) { ["Ingestion:Host:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var app = Build(connectionString, withPort, configureServices);
        if (migrate)
        {
            await RunCommand.StartWorkerAsync(app, TestContext.Current.CancellationToken);
        }
        else
        {
            app.MapWorkerEndpoints();
            await app.StartAsync(TestContext.Current.CancellationToken);
        }

        var host = new TestWorkerHost(app, port);
        // Quartz starts its scheduler once the application has started, not within StartAsync.
        await Eventually.TrueAsync(
            async () => await (await host.SchedulerAsync()).GetStatus(TestContext.Current.CancellationToken) == SchedulerStatus.Running,
            TimeSpan.FromSeconds(15));
        return host;
    }

    public async Task<IScheduler> SchedulerAsync() =>
        await Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);

    public async Task StopAsync() => await app.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
