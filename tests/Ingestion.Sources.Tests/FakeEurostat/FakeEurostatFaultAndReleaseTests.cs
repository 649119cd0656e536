using System.Net;
using Ingestion.Testing.FakeEurostat;
using Ingestion.Testing.FakeUnhcr;

namespace Ingestion.Sources.Tests.FakeEurostat;

/// <summary>
/// Faults armed on the fake hit only the requests they are aimed at, as many times as asked; a test publishes a
/// revised release (values and flags changed) and an identical one. Data: <c>dw-data_migr_asyappctza_allcitizenships.csv</c>.
/// </summary>
public sealed class FakeEurostatFaultAndReleaseTests : IAsyncLifetime
{
    private const string ChinaInGermany = "sdmx/2.1/data/migr_asyappctza/A.PER.CN.T.FRST.TOTAL.DE?format=SDMX-CSV&compressed=true&startPeriod=2015&endPeriod=2016";

    private readonly HttpClient _http = new();
    private FakeEurostatApi _api = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = new FakeEurostatApi(EurostatRealData.Applicants);
        await _api.StartAsync(Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Inject_StatusOnceOnData_FailsTheFirstDataRequestOnly()
    {
        _api.Inject(FakeFault.Status(503), when: r => r.Kind == FakeEurostatRequestKind.Data);

        using var toc = await GetAsync("catalogue/toc/txt?lang=en");
        using var first = await GetAsync(ChinaInGermany);
        using var second = await GetAsync(ChinaInGermany);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (toc.StatusCode, first.StatusCode, second.StatusCode));
        Assert.Equal(2, (await SdmxCsvAnswer.ReadAsync(second, Cancel)).Rows.Count);
        Assert.Equal(1, _api.FaultsServed);
        Assert.Equal(
            [(FakeEurostatRequestKind.Toc, null), (FakeEurostatRequestKind.Data, "A.PER.CN.T.FRST.TOTAL.DE"), (FakeEurostatRequestKind.Data, "A.PER.CN.T.FRST.TOTAL.DE")],
            _api.Requests.Select(r => (r.Kind, r.Key)));
        Assert.Equal("/eurostat/api/dissemination/" + ChinaInGermany, _api.Requests.Last().PathAndQuery);
    }

    [Fact]
    public async Task Inject_TooManyRequests_Answers429WithRetryAfter()
    {
        _api.Inject(FakeFault.TooManyRequests(TimeSpan.FromSeconds(7)));

        using var response = await GetAsync(ChinaInGermany);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Inject_Truncated_SendsTheFirstHalfOfTheGzipBody()
    {
        var whole = await (await GetAsync(ChinaInGermany)).Content.ReadAsByteArrayAsync(Cancel);
        _api.Inject(FakeFault.TruncatedJson());

        using var response = await GetAsync(ChinaInGermany);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(whole[..(whole.Length / 2)], await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task Inject_RenameField_RenamesTheCsvHeaderColumn()
    {
        _api.Inject(FakeFault.RenameField("geo", "reporting_country"));

        using var response = await GetAsync(ChinaInGermany);
        var answer = await SdmxCsvAnswer.ReadAsync(response, Cancel);

        Assert.Equal(["DATAFLOW", "LAST UPDATE", "freq", "unit", "citizen", "sex", "applicant", "age", "reporting_country", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS"], answer.Header);
        Assert.Equal("DE", answer.Cell(answer.Rows[0], "reporting_country"));
    }

    [Fact]
    public async Task Inject_SlowTwiceAndHtml_DelayTheTocThenAnswerAProxyPage()
    {
        _api.Inject(FakeFault.Slow(TimeSpan.FromMilliseconds(300)), times: 2, when: r => r.Kind == FakeEurostatRequestKind.Toc);
        _api.Inject(FakeFault.HtmlPage(), when: r => r.Kind == FakeEurostatRequestKind.Toc);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var slow = await _http.GetStringAsync(new Uri(_api.BaseAddress, "catalogue/toc/txt?lang=en"), Cancel);
        await _http.GetStringAsync(new Uri(_api.BaseAddress, "catalogue/toc/txt?lang=en"), Cancel);
        var elapsed = clock.Elapsed;
        using var html = await GetAsync("catalogue/toc/txt?lang=en");

        Assert.StartsWith("\"title\"\t\"code\"", slow, StringComparison.Ordinal);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(600), $"Two slowed requests took {elapsed}.");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, _api.FaultsServed);
    }

    [Fact]
    public async Task Inject_Reset_AbortsTheConnection()
    {
        _api.Inject(FakeFault.ResetConnection());

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(new Uri(_api.BaseAddress, ChinaInGermany), Cancel));
        using var after = await GetAsync(ChinaInGermany);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Serve_RevisedThenIdenticalRelease_ServesTheNewValuesFlagsAndLastUpdate()
    {
        var original = EurostatRealData.Applicants;
        var revised = original.With(
            o => o.Key[2] == "CN" && o.Key[6] == "DE" && o.TimePeriod == "2015" ? o with { Value = 525, ObsFlag = "p" } : o,
            new DateTimeOffset(2026, 4, 23, 23, 0, 0, TimeSpan.FromHours(2)));
        var identical = revised.With(new DateTimeOffset(2026, 4, 24, 11, 0, 0, TimeSpan.FromHours(2)));

        var first = await GetCsvAsync(ChinaInGermany);
        _api.Serve(revised);
        var second = await GetCsvAsync(ChinaInGermany);
        _api.Serve(identical);
        var third = await GetCsvAsync(ChinaInGermany);

        Assert.Equal(["27/03/18 23:00:00|2015|520|", "27/03/18 23:00:00|2016|1015|"], Summary(first));
        Assert.Equal(["23/04/26 23:00:00|2015|525|p", "23/04/26 23:00:00|2016|1015|"], Summary(second));
        Assert.Equal(["24/04/26 11:00:00|2015|525|p", "24/04/26 11:00:00|2016|1015|"], Summary(third));
        Assert.Equal(520, original.Find("2015", "A", "PER", "CN", "T", "FRST", "TOTAL", "DE")!.Value);
        Assert.Equal(original.TotalCount, identical.TotalCount);
    }

    [Fact]
    public async Task Serve_MonthlyFlow_FiltersMonthsAndAcceptsAYearAsBound()
    {
        string[] germany = ["M", "PER", "SY", "T", "FRST", "TOTAL", "DE"];
        string[] france = ["M", "PER", "SY", "T", "FRST", "TOTAL", "FR"];
        _api.Serve(new EurostatFlowData(
            EurostatFlowDefinition.ApplicantsMonthly,
            new DateTimeOffset(2026, 4, 23, 23, 0, 0, TimeSpan.FromHours(2)),
            [
                new(france, "2015-03", 10), new(germany, "2015-01", 100), new(germany, "2015-02", 200),
                new(germany, "2015-03", 300, "p"), new(germany, "2016-01", null, null, "C"),
            ]));

        var march = await GetCsvAsync("sdmx/2.1/data/migr_asyappctzm/M.PER.SY.T.FRST.TOTAL.?format=SDMX-CSV&compressed=true&startPeriod=2015-02&endPeriod=2015-03");
        var year = await GetCsvAsync("sdmx/2.1/data/migr_asyappctzm?format=SDMX-CSV&compressed=true&startPeriod=2016");

        Assert.Equal(["DE|2015-02|200|", "DE|2015-03|300|p", "FR|2015-03|10|"], march.Rows.Select(r => string.Join('|', march.Cell(r, "geo"), march.Cell(r, "TIME_PERIOD"), march.Cell(r, "OBS_VALUE"), march.Cell(r, "OBS_FLAG"))));
        Assert.Equal("ESTAT:MIGR_ASYAPPCTZM(1.0),23/04/26 23:00:00,M,PER,SY,T,FRST,TOTAL,DE,2016-01,,,C", string.Join(',', Assert.Single(year.Rows)));
    }

    private static IEnumerable<string> Summary(SdmxCsvAnswer answer) =>
        answer.Rows.Select(r => string.Join('|', answer.Cell(r, "LAST UPDATE"), answer.Cell(r, "TIME_PERIOD"), answer.Cell(r, "OBS_VALUE"), answer.Cell(r, "OBS_FLAG")));

    private Task<HttpResponseMessage> GetAsync(string pathAndQuery) => _http.GetAsync(new Uri(_api.BaseAddress, pathAndQuery), Cancel);

    private async Task<SdmxCsvAnswer> GetCsvAsync(string pathAndQuery)
    {
        using var response = await GetAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SdmxCsvAnswer.ReadAsync(response, Cancel);
    }
}
