using Ingestion.Testing.FakeEurostat;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Cli;

namespace Ingestion.Worker.Tests.Eurostat;

/// <summary>
/// <c>ingest</c> of the Eurostat datasets end to end: the real executable and database, the real exports served by
/// the fake dissemination API (DESIGN §3b). A second release revises two values and changes two flags; a third,
/// identical, is seen to be unchanged from the catalogue alone. The figures hold however Eurostat delivers the data.
/// </summary>
public sealed class EurostatIngestTests(PostgresServerFixture server) : IAsyncLifetime
{
    private const string Applicants = "eurostat.asylum_applicants";
    private const string ChinaToGermany2015 = "year = 2015 AND citizen = 'CN' AND geo = 'DE' AND sex = 'T' AND age = 'TOTAL' AND applicant = 'FRST'";
    private const string ChinaToFrance2016 = "year = 2016 AND citizen = 'CN' AND geo = 'FR' AND sex = 'T' AND age = 'TOTAL' AND applicant = 'FRST'";
    private const string ChinaToEu2012 = "year = 2012 AND citizen = 'CN' AND geo = 'EU28' AND sex = 'T' AND age = 'TOTAL' AND applicant = 'FRST'";
    private const string SyriaToSweden2014 = "year = 2014 AND citizen = 'SY' AND geo = 'SE' AND sex = 'T' AND age = 'TOTAL' AND applicant = 'FRST'";

    private readonly FakeUnhcrApi _unhcr = new();
    private readonly FakeEurostatApi _eurostat = new(EurostatRealData.Applicants, EurostatRealData.Decisions, EurostatMonthlyFixture.Create());
    private ScratchDatabase? _database;

    public async ValueTask InitializeAsync()
    {
        await _unhcr.StartAsync(TestContext.Current.CancellationToken);
        await _eurostat.StartAsync(TestContext.Current.CancellationToken);
        _database = await ScratchDatabase.MigratedAsync(server);
    }

    public async ValueTask DisposeAsync()
    {
        await _eurostat.DisposeAsync();
        await _unhcr.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(EurostatDelivery.Names), MemberType = typeof(EurostatDelivery))]
    public async Task Ingest_ThreeReleases_PublishesRealFiguresThenExactlyTheRevisionsThenNothing(string delivery)
    {
        var ct = TestContext.Current.CancellationToken;
        EurostatDelivery.Arrange(_eurostat, delivery);

        var (first, _, firstErr) = await IngestionProcess.RunAsync(Environment(), ct, "ingest", Applicants, "eurostat.asylum_decisions");

        Assert.True(first == 0, firstErr);
        Assert.Equal("34680|2757|203|926", await RowAsync("SELECT count(*), count(*) FILTER (WHERE applicants IS NULL), count(*) FILTER (WHERE obs_flag = 'p'), count(*) FILTER (WHERE obs_flag = 'd') FROM stats.eurostat_asylum_applicants", ct));
        Assert.Equal("520|CHN|DEU|", await RowAsync($"SELECT applicants, citizen_iso, geo_iso, obs_flag FROM stats.eurostat_asylum_applicants WHERE {ChinaToGermany2015}", ct));
        Assert.Equal("4440|CHN||d", await RowAsync($"SELECT applicants, citizen_iso, geo_iso, obs_flag FROM stats.eurostat_asylum_applicants WHERE {ChinaToEu2012}", ct));
        Assert.Equal("1836|26", await RowAsync("SELECT count(*), count(*) FILTER (WHERE decisions IS NULL) FROM stats.eurostat_asylum_decisions", ct));

        _eurostat.Serve(SecondRelease());
        var (second, _, secondErr) = await IngestionProcess.RunAsync(Environment(), ct, "ingest", Applicants);

        Assert.True(second == 0, secondErr);
        var (firstId, secondId) = await SnapshotIdsAsync(ct);
        Assert.Equal(
            [
                $"revised|2015|CHN|DEU|applicants|520|525|{{\"age\": \"TOTAL\", \"geo\": \"DE\", \"sex\": \"T\", \"citizen\": \"CN\", \"applicant\": \"FRST\"}}",
                "revised|2016|CHN|FRA|applicants|" + await ValueAsOfAsync(firstId, ChinaToFrance2016, ct) + "|" + await ValueAsOfAsync(secondId, ChinaToFrance2016, ct) + "|",
                "revised|2012|CHN|||||",
                "revised|2014|SYR|SWE||||",
            ],
            await RevisionsAsync(secondId, ct));
        Assert.Equal("4440|d", await RowAsync($"SELECT applicants, obs_flag FROM stats.eurostat_asylum_applicants_as_of({firstId}) WHERE {ChinaToEu2012}", ct));
        Assert.Equal("4440|", await RowAsync($"SELECT applicants, obs_flag FROM stats.eurostat_asylum_applicants WHERE {ChinaToEu2012}", ct));
        Assert.Equal(
            ("", "p"),
            (await RowAsync($"SELECT obs_flag FROM stats.eurostat_asylum_applicants_as_of({firstId}) WHERE {SyriaToSweden2014}", ct),
             await RowAsync($"SELECT obs_flag FROM stats.eurostat_asylum_applicants WHERE {SyriaToSweden2014}", ct)));
        Assert.Equal("520", await RowAsync($"SELECT applicants FROM stats.eurostat_asylum_applicants_as_of({firstId}) WHERE {ChinaToGermany2015}", ct));
        Assert.Equal("525", await RowAsync($"SELECT applicants FROM stats.eurostat_asylum_applicants WHERE {ChinaToGermany2015}", ct));
        Assert.Equal("4", await RowAsync($"SELECT count(*) FROM ingestion.versions WHERE dataset = '{Applicants}' AND valid_from = {secondId}", ct));

        var requestsBefore = _eurostat.Requests.Count;
        var (third, thirdOut, thirdErr) = await IngestionProcess.RunAsync(Environment(), ct, "ingest", Applicants);

        Assert.True(third == 0, thirdErr);
        Assert.Matches(@"eurostat\.asylum_applicants\s+unchanged", thirdOut);
        Assert.Equal([FakeEurostatRequestKind.Toc], _eurostat.Requests.Skip(requestsBefore).Select(r => r.Kind));
        Assert.Equal("2", await RowAsync($"SELECT count(*) FROM ingestion.snapshots WHERE dataset = '{Applicants}'", ct));
    }

    [Fact]
    public async Task Ingest_BothPublishers_ComparedViewSetsThemSideBySide()
    {
        var ct = TestContext.Current.CancellationToken;

        var (exit, _, stderr) = await IngestionProcess.RunAsync(Environment(), ct, "ingest", Applicants, "unhcr.asylum_applications");

        Assert.True(exit == 0, stderr);
        Assert.Equal("537|520", await RowAsync("SELECT unhcr_new_applications, eurostat_first_time_applicants FROM stats.asylum_applications_compared WHERE year = 2015 AND origin_iso = 'CHN' AND asylum_iso = 'DEU'", ct));
    }

    /// <summary>Two values revised (by +5, Eurostat rounds to 5), one flag dropped and one added with the value unchanged.</summary>
    private static EurostatFlowData SecondRelease() => EurostatRealData.Applicants.With(
        o => (o.TimePeriod, Citizen: o.Key[2], Geo: o.Key[6]) switch
        {
            ("2015", "CN", "DE") or ("2016", "CN", "FR") => o with { Value = o.Value + 5 },
            ("2012", "CN", "EU28") => o with { ObsFlag = null },
            ("2014", "SY", "SE") => o with { ObsFlag = "p" },
            _ => o,
        },
        EurostatRealData.ApplicantsLastUpdate.AddDays(30));

    private async Task<(long First, long Second)> SnapshotIdsAsync(CancellationToken ct)
    {
        var ids = await Sql.ColumnAsync(Connection, $"SELECT snapshot_id::text FROM ingestion.snapshots WHERE dataset = '{Applicants}' ORDER BY snapshot_id", ct);
        Assert.Equal(2, ids.Count);
        return (long.Parse(ids[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(ids[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private Task<string> ValueAsOfAsync(long snapshot, string where, CancellationToken ct) =>
        RowAsync($"SELECT applicants FROM stats.eurostat_asylum_applicants_as_of({snapshot}) WHERE {where}", ct);

    /// <summary>change|year|origin|asylum|measure|old|new|detail (detail shown for 2015 only), NULL as empty.</summary>
    private Task<List<string>> RevisionsAsync(long snapshot, CancellationToken ct) => Sql.RowsAsync(
        Connection,
        $"""
        SELECT change, year, origin_iso, asylum_iso, measure, old_value, new_value, CASE WHEN year = 2015 THEN detail::text END
        FROM stats.revisions WHERE dataset = '{Applicants}' AND snapshot_id = {snapshot}
        ORDER BY measure NULLS LAST, year
        """,
        ct);

    private async Task<string> RowAsync(string sql, CancellationToken ct) => Assert.Single(await Sql.RowsAsync(Connection, sql, ct));

    private string Connection => _database!.ConnectionString;

    private Dictionary<string, string> Environment() => CliEnvironment.For(Connection, _unhcr, _eurostat);
}
