using System.Diagnostics;
using System.Globalization;
using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Resilience;
using Ingestion.Postgres.Store;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;
using Ingestion.Worker.Tests.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.Worker.Tests.StatusPage;

/// <summary>
/// A worker (the real web host, real PostgreSQL) holding, on a <see cref="FakeTimeProvider"/>:
/// <list type="bullet">
/// <item>unhcr.population: UNHCR's 2025.06.0 release published 2025-07-01, then 2025.12.1 on 2026-01-05 (300 added,
/// 4,589 revised, 233 removed; ../shared/data/unhcr-refugees-r/*/population.csv). Daily schedule, nothing since: stale.</item>
/// <item>unhcr.idmc: 2025.12.1 published at 2026-01-10 03:05 (fresh), then a release without 1990–2015 and with AFG 2025
/// revised to 4,400,000: quarantined.</item>
/// <item>unhcr.solutions: one failed run, whose error carries markup that must come out as text.</item>
/// </list>
/// The page is read at <see cref="Now"/>, 2026-01-10 12:00 UTC.
/// </summary>
public sealed class StatusPageWorld(PostgresServerFixture server) : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public const string FailedRunError = "UNHCR API unreachable after 6 retries: 503 <script>alert('x')</script> Service Unavailable";

    private TestWorkerHost? _host;

    public long MidYear { get; private set; }

    public long YearEnd { get; private set; }

    public long IdmcPublished { get; private set; }

    public long IdmcQuarantined { get; private set; }

    public int YearEndRows { get; private set; }

    public int IdmcRows { get; private set; }

    public int IdmcQuarantinedRows { get; private set; }

    public string ConnectionString { get; private set; } = "";

    public Uri Url(string path) => new(_host!.Http.BaseAddress!, path);

    public HttpClient Http => _host!.Http;

    /// <summary>Where screenshots and timings go: under the test binaries, never in the repository.</summary>
    public static string Artifacts { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "status-page");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var midYear = ReleaseTable.Read(UnhcrDatasets.Population, SharedData.File("unhcr-refugees-r", "2025.06.0", "population.csv"));
        var yearEnd = ReleaseTable.Read(UnhcrDatasets.Population, SharedData.File("unhcr-refugees-r", "2025.12.1", "population.csv"));
        var idmc = ReleaseTable.Read(UnhcrDatasets.Idmc, SharedData.File("unhcr-refugees-r", "2025.12.1", "idmc.csv"));
        YearEndRows = yearEnd.Count;
        IdmcRows = idmc.Count;
        IdmcQuarantinedRows = QuarantinedIdmc(idmc).Count;
        ConnectionString = await server.MigratedAsync("statuspage");

        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 7, 1, 3, 5, 0, TimeSpan.Zero));
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(ConnectionString))
        {
            var store = new PostgresSnapshotStore(dataSource, TestCatalog.Default, DatabaseRetry.Create(dataSource, time: clock), NullLogger<PostgresSnapshotStore>.Instance);
            MidYear = (await store.PublishAsync(UnhcrDatasets.Population, midYear, ct, clock: clock)).SnapshotId!.Value;
            clock.SetUtcNow(new DateTimeOffset(2026, 1, 5, 3, 5, 0, TimeSpan.Zero));
            YearEnd = (await store.PublishAsync(UnhcrDatasets.Population, yearEnd, ct, clock: clock)).SnapshotId!.Value;
            clock.SetUtcNow(new DateTimeOffset(2026, 1, 10, 3, 5, 0, TimeSpan.Zero));
            IdmcPublished = (await store.PublishAsync(UnhcrDatasets.Idmc, idmc, ct, clock: clock)).SnapshotId!.Value;
            clock.Advance(TimeSpan.FromMinutes(1));
            var quarantined = await store.PublishAsync(UnhcrDatasets.Idmc, QuarantinedIdmc(idmc), ct, clock: clock);
            Assert.Equal(RunStatus.Quarantined, quarantined.Status);
            IdmcQuarantined = quarantined.SnapshotId!.Value;
            clock.Advance(TimeSpan.FromMinutes(1));
            await FailRunAsync(store, UnhcrDatasets.Solutions, ct);
        }

        clock.SetUtcNow(Now);
        _host = await TestWorkerHost.StartAsync(
            ConnectionString, WorkerSettings.InMemory(), s => s.AddRecordingRunLauncher(new RunRecorder()).AddSingleton<TimeProvider>(clock));
        await WriteTimingsAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static async Task FailRunAsync(PostgresSnapshotStore store, DatasetDescriptor dataset, CancellationToken ct)
    {
        await using var session = await store.TryBeginRunAsync(new RunRequest(dataset, RunTrigger.Schedule, default), ct)
            ?? throw new InvalidOperationException("lock held");
        await session.FailAsync(FailedRunError, new Ingestion.Core.Ports.FetchStatistics(), ct);
    }

    /// <summary>A release the gate stops: 1990–2015 gone, AFG 2025 revised to 4,400,000 (as the migration tests' legacy idmc).</summary>
    private static List<StatRow> QuarantinedIdmc(IReadOnlyList<StatRow> idmc)
    {
        var kept = idmc.Where(r => r.Period >= 2016).ToList();
        var afghanistan = kept.FindIndex(r => r.Period == 2025 && r.Key[0] == "AFG");
        kept[afghanistan] = kept[afghanistan] with { Measures = [4_400_000] };
        return kept;
    }

    /// <summary>
    /// How long each page takes over real HTTP on this data (median of five, after one warm-up), written beside the
    /// screenshots for the record; the tests assert nothing on time, which depends on the machine.
    /// </summary>
    private async Task WriteTimingsAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var path in new[] { "/", "/datasets/unhcr.population", "/datasets/unhcr.population?measure=refugees&origin_iso=&asylum_iso=", $"/snapshots/{YearEnd}", $"/snapshots/{YearEnd}?page=20", $"/snapshots/{IdmcQuarantined}" })
        {
            (await Http.GetAsync(path, ct)).EnsureSuccessStatusCode();
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await Http.GetAsync(path, ct);
                _ = await response.Content.ReadAsStringAsync(ct);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{path}\tmedian {times[2]:0} ms\tmax {times[^1]:0} ms"));
        }

        Directory.CreateDirectory(Artifacts);
        await File.WriteAllLinesAsync(Path.Combine(Artifacts, "timings.txt"), lines, ct);
    }
}
