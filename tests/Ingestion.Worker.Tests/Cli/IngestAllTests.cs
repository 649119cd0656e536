using System.Text.Json;
using Ingestion.Testing.FakeEurostat;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>
/// The README's main job, <c>ingest --all</c>, end to end: every dataset of both publishers — UNHCR's real 2025.12.1
/// release and Eurostat's real exports (with the monthly fixture) — through the fake APIs over HTTP into the read
/// contract, with the figures downstream reports quote.
/// </summary>
public sealed class IngestAllTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly FakeUnhcrApi _api = new();
    private readonly FakeEurostatApi _eurostat = new(EurostatRealData.Applicants, EurostatRealData.Decisions, EurostatMonthlyFixture.Create());

    public async ValueTask InitializeAsync()
    {
        await _api.StartAsync(TestContext.Current.CancellationToken);
        await _eurostat.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _eurostat.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task IngestAll_RealRelease_PublishesEveryDatasetIntoTheReadContract()
    {
        var ct = TestContext.Current.CancellationToken;

        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(
            CliEnvironment.For(database.ConnectionString, _api, _eurostat), ct, "ingest", "--all", "--json");

        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var runs = json.RootElement.GetProperty("runs").EnumerateArray()
            .ToDictionary(r => r.GetProperty("dataset").GetString()!, r => (Status: r.GetProperty("status").GetString(), Added: r.GetProperty("added").GetInt64()));
        Assert.Equal(
            new Dictionary<string, (string?, long)>
            {
                ["unhcr.population"] = ("published", 138_893),
                ["unhcr.asylum_applications"] = ("published", 120_597),
                ["unhcr.asylum_decisions"] = ("published", 113_929),
                ["unhcr.demographics"] = ("published", 20_771),
                ["unhcr.solutions"] = ("published", 21_258),
                ["unhcr.idmc"] = ("published", 934),
                ["unhcr.unrwa"] = ("published", 296),
                ["unhcr.countries"] = ("published", 232),
                ["eurostat.asylum_applicants"] = ("published", 34_680),
                ["eurostat.asylum_decisions"] = ("published", 1_836),
                ["eurostat.asylum_applicants_monthly"] = ("published", EurostatMonthlyFixture.Observations),
            },
            runs);

        // Asylum seekers from China (UNHCR-API.md §8): 15,362 at the end of 2012, 118,476 at the end of 2021, 99,716 in 2025.
        Assert.Equal(15_362m, await ScalarAsync("SELECT sum(asylum_seekers) FROM stats.unhcr_population WHERE origin_iso = 'CHN' AND year = 2012", ct));
        Assert.Equal(118_476m, await ScalarAsync("SELECT sum(asylum_seekers) FROM stats.unhcr_population WHERE origin_iso = 'CHN' AND year = 2021", ct));
        Assert.Equal(99_716m, await ScalarAsync("SELECT sum(asylum_seekers) FROM stats.unhcr_population WHERE origin_iso = 'CHN' AND year = 2025", ct));
        Assert.Equal(30_630m, await ScalarAsync("SELECT sum(applied) FROM stats.unhcr_asylum_applications WHERE origin_iso = 'CHN' AND year = 2012", ct));
        Assert.Equal("Austria", await ScalarAsync("SELECT name FROM stats.countries WHERE iso3 = 'AUT'", ct));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM ingestion.runs WHERE status <> 'published'", ct));
    }

    private Task<object?> ScalarAsync(string sql, CancellationToken ct) => Sql.ScalarAsync(database.ConnectionString, sql, ct);
}
