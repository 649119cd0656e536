using System.Net;
using System.Xml.Linq;
using Ingestion.Testing.FakeEurostat;

namespace Ingestion.Sources.Tests.FakeEurostat;

/// <summary>
/// The fake answers the size rules, the asynchronous protocol, the catalogue and the structure as DESIGN.md §3b
/// describes them, over the real applicants export (<c>dw-data_migr_asyappctza_allcitizenships.csv</c>).
/// </summary>
public sealed class FakeEurostatProtocolTests : IAsyncLifetime
{
    private const string Germany2015 = "sdmx/2.1/data/migr_asyappctza/A.PER..T.FRST.TOTAL.DE?format=SDMX-CSV&compressed=true&startPeriod=2015&endPeriod=2015";
    private static readonly XNamespace Str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure";
    private static readonly XNamespace Com = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common";

    private readonly HttpClient _http = new();
    private FakeEurostatApi _api = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = new FakeEurostatApi(EurostatRealData.Applicants, EurostatRealData.Decisions);
        await _api.StartAsync(Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Data_AboveMaxObservations_Answers413ExtractionTooBig()
    {
        _api.MaxObservations = 1000;

        var (status, body) = await GetTextAsync("sdmx/2.1/data/migr_asyappctza?format=SDMX-CSV&compressed=true&startPeriod=2015&endPeriod=2015");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(
            """<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>413</faultcode><faultstring>EXTRACTION_TOO_BIG: The requested extraction is too big, estimated 6936 rows, max authorised is 1000, please change your filters to reduce the extraction size</faultstring></S:Fault>""",
            body);
    }

    [Fact]
    public async Task Data_Queued_StatusGoesSubmittedProcessingAvailableThenDownloadEqualsSyncBody()
    {
        var sync = await GetBytesAsync(Germany2015);
        _api.QueueEverything = true;

        var (status, queued) = await GetTextAsync(Germany2015);
        Assert.Equal(HttpStatusCode.OK, status);
        var id = XDocument.Parse(queued).Descendants("queued").Single().Element("id")!.Value;
        Assert.Equal("SUBMITTED", XDocument.Parse(queued).Descendants("queued").Single().Element("status")!.Value);

        Assert.Equal(
            (HttpStatusCode.BadRequest, """<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>100</faultcode><faultstring>DATA_NOT_YET_AVAILABLE: Requested data is not yet available for download. Check the status of your request.</faultstring></S:Fault>"""),
            await GetTextAsync($"1.0/async/data/{id}"));
        Assert.Equal(["SUBMITTED", "PROCESSING", "AVAILABLE", "AVAILABLE"], [await PollAsync(id), await PollAsync(id), await PollAsync(id), await PollAsync(id)]);
        Assert.Equal(sync, await GetBytesAsync($"1.0/async/data/{id}"));
        Assert.Equal(
            [FakeEurostatRequestKind.Data, FakeEurostatRequestKind.Data, FakeEurostatRequestKind.AsyncData, FakeEurostatRequestKind.Status,
             FakeEurostatRequestKind.Status, FakeEurostatRequestKind.Status, FakeEurostatRequestKind.Status, FakeEurostatRequestKind.AsyncData],
            _api.Requests.Select(r => r.Kind));
        Assert.All(_api.Requests, r => Assert.Equal(("migr_asyappctza", "2015"), (r.Flow, r.StartPeriod)));
    }

    [Fact]
    public async Task Status_FirstPoll_IsTheVerbatimEnvelope()
    {
        _api.QueueAbove = 100;
        var id = XDocument.Parse((await GetTextAsync(Germany2015)).Body).Descendants("id").Single().Value;

        Assert.Equal(
            (HttpStatusCode.OK, $"""<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns0:asyncResponse xmlns:ns1="http://estat.ec.europa.eu/disschain/asynchronous" xmlns:ns0="http://estat.ec.europa.eu/disschain/soap/asynchronous"><ns1:status><ns1:key>{id}</ns1:key><ns1:status>SUBMITTED</ns1:status></ns1:status></ns0:asyncResponse></S:Body></S:Envelope>"""),
            await GetTextAsync($"1.0/async/status/{id}"));
    }

    [Fact]
    public async Task Data_BelowQueueAbove_IsServedSynchronously()
    {
        _api.QueueAbove = 204;

        using var response = await _http.GetAsync(new Uri(_api.BaseAddress, Germany2015), Cancel);

        Assert.Equal(204, (await SdmxCsvAnswer.ReadAsync(response, Cancel)).Rows.Count);
    }

    [Fact]
    public async Task Status_ExpireQueued_EndsExpiredAndTheDownloadIsUnknown()
    {
        _api.QueueEverything = true;
        _api.ExpireQueued = true;
        _api.PollsUntilAvailable = 1;
        var id = XDocument.Parse((await GetTextAsync(Germany2015)).Body).Descendants("id").Single().Value;

        Assert.Equal(["SUBMITTED", "EXPIRED"], [await PollAsync(id), await PollAsync(id)]);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetTextAsync($"1.0/async/data/{id}")).Status);
    }

    [Fact]
    public async Task AsyncData_NoPollAwaited_IsDownloadableAtOnce()
    {
        _api.QueueEverything = true;
        _api.PollsUntilAvailable = 0;
        var id = XDocument.Parse((await GetTextAsync(Germany2015)).Body).Descendants("id").Single().Value;

        using var response = await _http.GetAsync(new Uri(_api.BaseAddress, $"1.0/async/data/{id}"), Cancel);

        Assert.Equal(204, (await SdmxCsvAnswer.ReadAsync(response, Cancel)).Rows.Count);
        Assert.Equal("AVAILABLE", await PollAsync(id));
    }

    [Theory]
    [InlineData("1.0/async/status/0b7c1c52-8bde-4f60-9d7e-0d1f6b3e2a11")]
    [InlineData("1.0/async/data/0b7c1c52-8bde-4f60-9d7e-0d1f6b3e2a11")]
    public async Task Async_UnknownId_Answers400UnknownRequest(string path)
    {
        Assert.Equal(
            (HttpStatusCode.BadRequest, """<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>100</faultcode><faultstring>UNKNOWN_REQUEST: Unknown request.</faultstring></S:Fault>"""),
            await GetTextAsync(path));
    }

    [Fact]
    public async Task Data_NoMatchingObservation_Answers404NoResultsFound()
    {
        using var response = await _http.GetAsync(new Uri(_api.BaseAddress, "sdmx/2.1/data/migr_asyappctza?format=SDMX-CSV&compressed=true&startPeriod=1990&endPeriod=1990"), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            """<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>100</faultcode><faultstring>No results found</faultstring></S:Fault>""",
            await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Data_UnknownDataflow_Answers404DoesNotExist()
    {
        Assert.Equal(
            (HttpStatusCode.NotFound, """<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>100</faultcode><faultstring>Dataflow MIGR_NONESUCH does not exist or is not readable</faultstring></S:Fault>"""),
            await GetTextAsync("sdmx/2.1/data/migr_nonesuch?format=SDMX-CSV&compressed=true"));
    }

    [Fact]
    public async Task Data_KeyWithTooFewPositions_Answers400SyntaxError()
    {
        var (status, body) = await GetTextAsync("sdmx/2.1/data/migr_asyappctza/A.PER.CN?format=SDMX-CSV&compressed=true");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("<faultcode>140</faultcode>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Toc_HasFoldersAndOneRowPerFlowWithUpdateCoverageAndCount()
    {
        var (status, body) = await GetTextAsync("catalogue/toc/txt?lang=en");

        Assert.Equal(HttpStatusCode.OK, status);
        var lines = body.TrimEnd('\n').Split('\n').Select(l => l.Split('\t')).ToArray();
        Assert.Equal(["\"title\"", "\"code\"", "\"type\"", "\"last update of data\"", "\"last table structure change\"", "\"data start\"", "\"data end\"", "\"values\""], lines[0]);
        Assert.Contains(lines, l => l.Length == 7 && l[0] == "\"    Population and social conditions\"" && l[2] == "\"folder\"");
        Assert.Equal(
            ["\"migr_asyappctza\"", "\"dataset\"", "\"27.03.2018\"", "\"27.04.2021\"", "\"2012\"", "\"2016\"", "34680"],
            lines.Single(l => l[1] == "\"migr_asyappctza\"")[1..]);
        Assert.Equal(
            ["\"migr_asydcfsta\"", "\"dataset\"", "\"26.04.2017\"", "\"27.04.2021\"", "\"2008\"", "\"2016\"", "1836"],
            lines.Single(l => l[1] == "\"migr_asydcfsta\"")[1..]);
        Assert.StartsWith("\"    ", lines.Single(l => l[1] == "\"migr_asydcfsta\"")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MIGR_ASYAPPCTZA")]
    [InlineData("migr_asyappctza")]
    public async Task Structure_GivesDimensionOrderAndTheCitizenCodes(string id)
    {
        var (status, body) = await GetTextAsync($"sdmx/2.1/datastructure/ESTAT/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        var xml = XDocument.Parse(body);
        var dimensions = xml.Descendants(Str + "DimensionList").Single().Elements()
            .Select(d => ((string)d.Attribute("id")!, (int)d.Attribute("position")!, d.Name.LocalName));
        Assert.Equal(
            [("freq", 1, "Dimension"), ("unit", 2, "Dimension"), ("citizen", 3, "Dimension"), ("sex", 4, "Dimension"),
             ("applicant", 5, "Dimension"), ("age", 6, "Dimension"), ("geo", 7, "Dimension"), ("TIME_PERIOD", 8, "TimeDimension")],
            dimensions);
        var citizen = xml.Descendants(Str + "Codelist").Single(c => (string?)c.Attribute("id") == "CITIZEN");
        Assert.Equal(204, citizen.Elements(Str + "Code").Count());
        Assert.Equal("China (including Hong Kong)", citizen.Elements(Str + "Code").Single(c => (string?)c.Attribute("id") == "CN").Element(Com + "Name")!.Value);
        var geo = xml.Descendants(Str + "Codelist").Single(c => (string?)c.Attribute("id") == "GEO");
        Assert.Equal("Greece", geo.Elements(Str + "Code").Single(c => (string?)c.Attribute("id") == "EL").Element(Com + "Name")!.Value);
    }

    [Fact]
    public async Task Structure_UnknownFlow_Answers404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetTextAsync("sdmx/2.1/datastructure/ESTAT/MIGR_NONESUCH")).Status);
    }

    private async Task<string> PollAsync(string id)
    {
        var (status, body) = await GetTextAsync($"1.0/async/status/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        XNamespace ns1 = "http://estat.ec.europa.eu/disschain/asynchronous";
        var element = XDocument.Parse(body).Descendants(ns1 + "status").Single(e => e.Parent!.Name.LocalName == "asyncResponse");
        Assert.Equal(id, element.Element(ns1 + "key")!.Value);
        return element.Element(ns1 + "status")!.Value;
    }

    private async Task<byte[]> GetBytesAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(_api.BaseAddress, pathAndQuery), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.sdmx.data+csv;version=1.0.0", response.Content.Headers.NonValidated["Content-Type"].ToString());
        return await response.Content.ReadAsByteArrayAsync(Cancel);
    }

    private async Task<(HttpStatusCode Status, string Body)> GetTextAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(_api.BaseAddress, pathAndQuery), Cancel);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
    }
}
