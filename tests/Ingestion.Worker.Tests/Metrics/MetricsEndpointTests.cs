using Ingestion.Sources;
using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Runs;
using Ingestion.Testing.Hosting;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Ingestion.Worker.Tests.Metrics;

/// <summary><c>/metrics</c> over real HTTP: run counters fed through the run observer, and the last-publish gauge read from the database.</summary>
public sealed class MetricsEndpointTests(PostgresServerFixture server)
{
    private const string Population = "unhcr.population";
    private const string Solutions = "unhcr.solutions";
    private const string Demographics = "unhcr.demographics";

    [Fact]
    public async Task Metrics_OutcomesFedThroughObserver_ExposesRunsDurationRowsAndRetries()
    {
        var connectionString = await server.MigratedAsync("metrics");
        await using var host = await TestWorkerHost.StartAsync(connectionString, WorkerSettings.InMemory());
        var observer = Assert.Single(host.Services.GetServices<IRunObserver>());
        observer.RunFinished(Outcome(Population, RunStatus.Published, seconds: 2, rows: 100, retries: 1));
        observer.RunFinished(Outcome(Population, RunStatus.Published, seconds: 4, rows: 50, retries: 0));
        observer.RunFinished(Outcome(Population, RunStatus.Failed, seconds: 0.5, rows: 0, retries: 3));
        observer.RunFinished(Outcome(Solutions, RunStatus.Unchanged, seconds: 20, rows: 10, retries: 0));

        var samples = await ScrapeAsync(host);

        Assert.Equal(2, samples[$$"""ingestion_runs_total{dataset="{{Population}}",status="published"}"""]);
        Assert.Equal(1, samples[$$"""ingestion_runs_total{dataset="{{Population}}",status="failed"}"""]);
        Assert.Equal(1, samples[$$"""ingestion_runs_total{dataset="{{Solutions}}",status="unchanged"}"""]);
        Assert.Equal(3, samples[$$"""ingestion_run_duration_seconds_count{dataset="{{Population}}"}"""]);
        Assert.Equal(6.5, samples[$$"""ingestion_run_duration_seconds_sum{dataset="{{Population}}"}"""]);
        Assert.Equal(1, samples[$$"""ingestion_run_duration_seconds_bucket{dataset="{{Population}}",le="1"}"""]);
        Assert.Equal(3, samples[$$"""ingestion_run_duration_seconds_bucket{dataset="{{Population}}",le="5"}"""]);
        Assert.Equal(0, samples[$$"""ingestion_run_duration_seconds_bucket{dataset="{{Solutions}}",le="15"}"""]);
        Assert.Equal(1, samples[$$"""ingestion_run_duration_seconds_bucket{dataset="{{Solutions}}",le="30"}"""]);
        Assert.Equal(150, samples[$$"""ingestion_rows_read_total{dataset="{{Population}}"}"""]);
        Assert.Equal(10, samples[$$"""ingestion_rows_read_total{dataset="{{Solutions}}"}"""]);
        Assert.Equal(4, samples[$$"""ingestion_http_retries_total{dataset="{{Population}}"}"""]);
    }

    [Fact]
    public async Task Metrics_SnapshotsTable_SecondsSinceLastPublishReadAtScrapeTime()
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var connectionString = await server.EmptyAsync("metrics");
        await using var host = await TestWorkerHost.StartAsync(
            connectionString,
            WorkerSettings.InMemory(),
            s => s.AddRecordingRunLauncher(new RunRecorder()).AddSingleton<TimeProvider>(new FixedClock(now)),
            migrate: false);

        var before = await ScrapeAsync(host);
        Assert.True(double.IsNaN(before[$$"""ingestion_seconds_since_last_publish{dataset="{{Population}}"}"""]));
        Assert.Equal(0, before[$$"""ingestion_last_publish_timestamp_seconds{dataset="{{Population}}"}"""]);

        await SeedSnapshotsAsync(connectionString, now);
        var after = await ScrapeAsync(host);

        Assert.Equal(100, after[$$"""ingestion_seconds_since_last_publish{dataset="{{Population}}"}"""]);
        Assert.Equal(7200, after[$$"""ingestion_seconds_since_last_publish{dataset="{{Solutions}}"}"""]);
        Assert.True(double.IsNaN(after[$$"""ingestion_seconds_since_last_publish{dataset="{{Demographics}}"}"""]));
        Assert.Equal(now.AddSeconds(-100).ToUnixTimeSeconds(), after[$$"""ingestion_last_publish_timestamp_seconds{dataset="{{Population}}"}"""]);
        Assert.Equal(now.AddHours(-2).ToUnixTimeSeconds(), after[$$"""ingestion_last_publish_timestamp_seconds{dataset="{{Solutions}}"}"""]);
        Assert.Equal(0, after[$$"""ingestion_last_publish_timestamp_seconds{dataset="{{Demographics}}"}"""]);
        Assert.Equal(
            Publishers.Catalog.All.Count,
            after.Keys.Count(series => series.StartsWith("ingestion_seconds_since_last_publish{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Metrics_DatabaseCutAfterARead_KeepsLastPublishTimeAndAgeGrows()
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        var direct = await server.EmptyAsync("metrics");
        await SeedSnapshotsAsync(direct, now);
        await using var proxy = TcpProxy.Start(new NpgsqlConnectionStringBuilder(direct).Host ?? "127.0.0.1", new NpgsqlConnectionStringBuilder(direct).Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(direct) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        await using var host = await TestWorkerHost.StartAsync(
            throughProxy,
            WorkerSettings.InMemory(),
            s => s.AddRecordingRunLauncher(new RunRecorder()).AddSingleton<TimeProvider>(clock),
            migrate: false);
        Assert.Equal(100, (await ScrapeAsync(host))[$$"""ingestion_seconds_since_last_publish{dataset="{{Population}}"}"""]);

        proxy.Cut();
        clock.Advance(TimeSpan.FromSeconds(50));
        var later = await ScrapeAsync(host);

        Assert.Equal(150, later[$$"""ingestion_seconds_since_last_publish{dataset="{{Population}}"}"""]);
        Assert.Equal(now.AddSeconds(-100).ToUnixTimeSeconds(), later[$$"""ingestion_last_publish_timestamp_seconds{dataset="{{Population}}"}"""]);
        Assert.True(double.IsNaN(later[$$"""ingestion_seconds_since_last_publish{dataset="{{Demographics}}"}"""]));
    }

    private static RunOutcome Outcome(string dataset, RunStatus status, double seconds, long rows, long retries) =>
        new(dataset, 1, status, null, 0, 0, 0, 1, rows, retries, TimeSpan.FromSeconds(seconds), null);

    private static async Task<Dictionary<string, double>> ScrapeAsync(TestWorkerHost host)
    {
        using var response = await host.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// The columns the metrics read from <c>ingestion.snapshots</c> (its migration belongs to the store): population
    /// published 100 s and 1 h ago and quarantined 10 s ago, solutions published 2 h ago, demographics never.
    /// </summary>
    private static async Task SeedSnapshotsAsync(string connectionString, DateTimeOffset now)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("""
            CREATE SCHEMA ingestion;
            CREATE TABLE ingestion.snapshots (
                snapshot_id  bigserial PRIMARY KEY,
                dataset      text        NOT NULL,
                status       text        NOT NULL,
                run_id       bigint      NOT NULL,
                created_at   timestamptz NOT NULL,
                published_at timestamptz
            );
            INSERT INTO ingestion.snapshots (dataset, status, run_id, created_at, published_at) VALUES
                ('unhcr.population', 'published', 1, @now - interval '1 hour', @now - interval '1 hour'),
                ('unhcr.population', 'published', 2, @now - interval '100 seconds', @now - interval '100 seconds'),
                ('unhcr.population', 'quarantined', 3, @now - interval '10 seconds', NULL),
                ('unhcr.solutions', 'published', 4, @now - interval '2 hours', @now - interval '2 hours'),
                ('unhcr.demographics', 'rejected', 5, @now - interval '1 hour', NULL);
            """);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
