using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Eurostat;
using Ingestion.Testing;
using Ingestion.Testing.FakeEurostat;
using Ingestion.Testing.FakeUnhcr;
using Xunit;

namespace Ingestion.Sources.Tests.Eurostat;

/// <summary>
/// The Eurostat sources over real HTTP against the fake dissemination API serving the real exports (DESIGN §3b):
/// the same figures whether requests are answered at once, queued, refused as too big, or fail transiently first.
/// </summary>
public sealed class EurostatDatasetSourceTests
{
    private const int Citizen = 0;
    private const int Geo = 1;
    private const int ObsFlag = 2;

    [Theory]
    [MemberData(nameof(EurostatDelivery.Names), MemberType = typeof(EurostatDelivery))]
    public async Task FetchAsync_RealApplicants_YieldsEveryObservationWithCodesIsoAndFlags(string delivery)
    {
        await using var api = await StartAsync(EurostatRealData.Applicants);
        EurostatDelivery.Arrange(api, delivery);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);
        var context = Context();

        var rows = await services.Source(EurostatDatasets.AsylumApplicants).FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(34_680, rows.Count);
        Assert.Equal(2_757, rows.Count(r => r.Measures[0] is null));
        Assert.Equal(203, rows.Count(r => r.Attributes[ObsFlag] == "p"));
        Assert.Equal(926, rows.Count(r => r.Attributes[ObsFlag] == "d"));
        Assert.Equal(34_680, rows.Select(r => r.KeyText).Distinct().Count());
        var chinaGermany2015 = Assert.Single(rows, r => r.Period == 2015 && r.Key[Citizen] == "CN" && r.Key[Geo] == "DE");
        Assert.Equal(["CN", "DE", "T", "TOTAL", "FRST"], chinaGermany2015.Key);
        Assert.Equal([520L], chinaGermany2015.Measures);
        Assert.Equal(["CHN", "DEU", null, null], chinaGermany2015.Attributes);
        var euFromChina2012 = Assert.Single(rows, r => r.Period == 2012 && r.Key[Citizen] == "CN" && r.Key[Geo] == "EU28");
        Assert.Equal([4_440L], euFromChina2012.Measures);
        Assert.Equal(("d", (string?)null), (euFromChina2012.Attributes[ObsFlag], euFromChina2012.Attributes[Geo]));
        Assert.Equal("GRC", rows.First(r => r.Key[Geo] == "EL").Attributes[Geo]);
        Assert.Equal([2012, 2013, 2014, 2015, 2016], rows.Select(r => r.Period).Distinct());
        Assert.NotNull(context.Release);
        Assert.Equal(rows.Count, context.Statistics.Rows);
    }

    [Fact]
    public async Task FetchAsync_Sync_AsksForTheCatalogueThenOneYearPerRequest()
    {
        await using var api = await StartAsync(EurostatRealData.Applicants);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);

        await services.Source(EurostatDatasets.AsylumApplicants).FetchAsync(Context(YearScope.Between(2010, 2013)), TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(FakeEurostatRequestKind.Toc, api.Requests.First().Kind);
        Assert.Equal(
            [("2012", "2012"), ("2013", "2013")],
            api.Requests.Where(r => r.Kind == FakeEurostatRequestKind.Data).Select(r => (r.StartPeriod, r.EndPeriod)).Order());
    }

    [Fact]
    public async Task FetchAsync_RealDecisions_YieldsEveryObservation()
    {
        await using var api = await StartAsync(EurostatRealData.Decisions);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);

        var rows = await services.Source(EurostatDatasets.AsylumDecisions).FetchAsync(Context(), TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(1_836, rows.Count);
        Assert.Equal(26, rows.Count(r => r.Measures[0] is null));
        Assert.Equal(["EXT_EU28", "TOTAL"], rows.Select(r => r.Key[Citizen]).Distinct().Order());
        Assert.Equal(["NEG", "POS", "TOTAL"], rows.Select(r => r.Key[4]).Distinct().Order());
        Assert.All(rows, r => Assert.Null(r.Attributes[Citizen]));
    }

    [Fact]
    public async Task FetchAsync_KnownRelease_EndsUnchangedHavingFetchedOnlyTheCatalogue()
    {
        await using var api = await StartAsync(EurostatRealData.Applicants);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);
        var source = services.Source(EurostatDatasets.AsylumApplicants);
        var first = Context();
        await source.FetchAsync(first, TestContext.Current.CancellationToken).CollectAsync();
        var requestsBefore = api.Requests.Count;

        var again = new FetchContext(YearScope.All, new InMemoryRawPageArchive(), new FetchStatistics(), first.Release);
        var rows = await source.FetchAsync(again, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Empty(rows);
        Assert.True(again.SourceUnchanged);
        Assert.Equal([FakeEurostatRequestKind.Toc], api.Requests.Skip(requestsBefore).Select(r => r.Kind));
    }

    [Fact]
    public async Task FetchAsync_NewLastUpdate_DownloadsAgain()
    {
        await using var api = await StartAsync(EurostatRealData.Applicants);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);
        var source = services.Source(EurostatDatasets.AsylumApplicants);
        var first = Context();
        await source.FetchAsync(first, TestContext.Current.CancellationToken).CollectAsync();
        api.Serve(EurostatRealData.Applicants.With(EurostatRealData.ApplicantsLastUpdate.AddDays(1)));

        var again = new FetchContext(YearScope.All, new InMemoryRawPageArchive(), new FetchStatistics(), first.Release);
        var rows = await source.FetchAsync(again, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(34_680, rows.Count);
        Assert.False(again.SourceUnchanged);
        Assert.NotEqual(first.Release, again.Release);
    }

    [Fact]
    public async Task FetchAsync_TooBigForOneGeo_FailsNamingTheRequest()
    {
        await using var api = await StartAsync(EurostatRealData.Applicants);
        api.MaxObservations = 0; // even one observation is too many
        await using var services = TestSources.CreateEurostat(api.BaseAddress);

        var e = await Assert.ThrowsAsync<SourceException>(() =>
            services.Source(EurostatDatasets.AsylumApplicants).FetchAsync(Context(YearScope.Between(2015, 2015)), TestContext.Current.CancellationToken).CollectAsync());

        Assert.StartsWith("Eurostat eurostat.asylum_applicants: request 2015..2015, geo ", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be split further: EXTRACTION_TOO_BIG", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_RenamedColumn_IsDriftNamingBothNames()
    {
        await using var api = await StartAsync(EurostatRealData.Applicants);
        api.Inject(FakeFault.RenameField("citizen", "citizenship"), times: 1, when: r => r.Kind == FakeEurostatRequestKind.Data);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);

        var e = await Assert.ThrowsAsync<SchemaDriftException>(() =>
            services.Source(EurostatDatasets.AsylumApplicants).FetchAsync(Context(YearScope.Between(2015, 2015)), TestContext.Current.CancellationToken).CollectAsync());

        Assert.Equal("Schema drift in eurostat.asylum_applicants, page 1: missing field 'citizen', unknown field 'citizenship'.", e.Message);
    }

    [Fact]
    public async Task FetchAsync_TruncatedBody_IsRetried()
    {
        await using var api = await StartAsync(EurostatRealData.Applicants);
        api.Inject(FakeFault.TruncatedJson(), times: 1, when: r => r.Kind == FakeEurostatRequestKind.Data);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);
        var context = Context(YearScope.Between(2015, 2015));

        var rows = await services.Source(EurostatDatasets.AsylumApplicants).FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(6_936, rows.Count);
        Assert.Equal(1, context.Statistics.Retries);
    }

    [Fact]
    public async Task FetchAsync_DatasetMissingFromTheCatalogue_FailsNamingIt()
    {
        await using var api = await StartAsync(EurostatRealData.Applicants);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);

        var e = await Assert.ThrowsAsync<SourceException>(() =>
            services.Source(EurostatDatasets.AsylumDecisions).FetchAsync(Context(), TestContext.Current.CancellationToken).CollectAsync());

        Assert.Equal("Eurostat eurostat.asylum_decisions: the table of contents does not list dataset migr_asydcfsta.", e.Message);
    }

    [Fact]
    public async Task ParseArchivedAsync_ArchivedBodies_YieldTheSameRowsOffline()
    {
        await using var api = await StartAsync(EurostatRealData.Applicants);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);
        var source = services.Source(EurostatDatasets.AsylumApplicants);
        var archive = new InMemoryRawPageArchive();
        var fetched = await source.FetchAsync(new FetchContext(YearScope.All, archive, new FetchStatistics()), TestContext.Current.CancellationToken).CollectAsync();

        var parsed = await source.ParseArchivedAsync(archive.ReplayAsync(), Context(), TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(5, archive.Pages.Count);
        Assert.Equal(fetched.Select(Line), parsed.Select(Line));
    }

    private static string Line(StatRow row) =>
        $"{row.KeyText}|{row.Measures[0]}|{string.Join(',', row.Attributes.Select(a => a ?? "null"))}";

    private static FetchContext Context(YearScope? scope = null) => new(scope ?? YearScope.All, new InMemoryRawPageArchive(), new FetchStatistics());

    private static async Task<FakeEurostatApi> StartAsync(params IEurostatFlow[] flows)
    {
        var api = new FakeEurostatApi(flows);
        await api.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }
}
