using System.Net;
using System.Text;
using Ingestion.Testing.FakeEurostat;

namespace Ingestion.Sources.Tests.FakeEurostat;

/// <summary>
/// The fake serves the real exports in <c>../shared/data/eurostat/</c> as the API would (SOURCES.md gives the counts):
/// <c>dw-data_migr_asyappctza_allcitizenships.csv</c> and <c>dw-data_migr_asydcfsta_2017-04-26.csv</c>.
/// </summary>
public sealed class FakeEurostatRealDataTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private FakeEurostatApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = new FakeEurostatApi(EurostatRealData.Applicants, EurostatRealData.Decisions);
        await _api.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Data_EachYearWildcard_HasTheExportsCountsNullsAndFlags()
    {
        var rows = new List<(SdmxCsvAnswer Answer, string[] Row)>();
        for (var year = 2012; year <= 2016; year++)
        {
            var answer = await GetCsvAsync($"sdmx/2.1/data/migr_asyappctza?format=SDMX-CSV&compressed=true&startPeriod={year}&endPeriod={year}");
            Assert.Equal(6936, answer.Rows.Count);
            Assert.All(answer.Rows, r => Assert.Equal(year.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Cell(r, "TIME_PERIOD")));
            rows.AddRange(answer.Rows.Select(r => (answer, r)));
        }

        Assert.Equal(34680, rows.Count);
        Assert.Equal(2757, rows.Count(r => r.Answer.Cell(r.Row, "OBS_VALUE").Length == 0));
        Assert.Equal(203, rows.Count(r => r.Answer.Cell(r.Row, "OBS_FLAG") == "p"));
        Assert.Equal(926, rows.Count(r => r.Answer.Cell(r.Row, "OBS_FLAG") == "d"));
        Assert.Equal(204, rows.Select(r => r.Answer.Cell(r.Row, "citizen")).Distinct().Count());
        Assert.Equal(34, rows.Select(r => r.Answer.Cell(r.Row, "geo")).Distinct().Count());
        Assert.Contains(rows, r => r.Answer.Cell(r.Row, "citizen") == "CN");
        Assert.Contains(rows, r => r.Answer.Cell(r.Row, "geo") == "EL");
        Assert.All(rows, r => Assert.True(r.Answer.Cell(r.Row, "OBS_VALUE") is "" || long.Parse(r.Answer.Cell(r.Row, "OBS_VALUE"), System.Globalization.CultureInfo.InvariantCulture) % 5 == 0));
    }

    [Fact]
    public async Task Data_Wildcard2012_ChinaInTheEu28Is4440FlaggedD()
    {
        var answer = await GetCsvAsync("sdmx/2.1/data/migr_asyappctza?format=SDMX-CSV&compressed=true&startPeriod=2012&endPeriod=2012");

        var row = Assert.Single(answer.Where(("geo", "EU28"), ("citizen", "CN")));
        Assert.Equal(("4440", "d", ""), (answer.Cell(row, "OBS_VALUE"), answer.Cell(row, "OBS_FLAG"), answer.Cell(row, "CONF_STATUS")));
    }

    [Fact]
    public async Task Data_KeyedRequest_ReturnsOneLineWith520AndTheApiHeaders()
    {
        using var response = await _http.GetAsync(
            new Uri(_api.BaseAddress, "sdmx/2.1/data/migr_asyappctza/A.PER.CN.T.FRST.TOTAL.DE?format=SDMX-CSV&compressed=true&startPeriod=2015&endPeriod=2015"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.sdmx.data+csv;version=1.0.0", response.Content.Headers.NonValidated["Content-Type"].ToString());
        Assert.Equal("attachment; filename=\"estat_migr_asyappctza_en.csv.gz\"", response.Content.Headers.NonValidated["Content-Disposition"].ToString());
        Assert.Empty(response.Content.Headers.ContentEncoding);
        var text = SdmxCsvAnswer.Decompress(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(
            "DATAFLOW,LAST UPDATE,freq,unit,citizen,sex,applicant,age,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n"
            + "ESTAT:MIGR_ASYAPPCTZA(1.0),27/03/18 23:00:00,A,PER,CN,T,FRST,TOTAL,DE,2015,520,,\n",
            text);
    }

    [Fact]
    public async Task Data_OrKeyAndUpperCaseFlow_SelectsBothCountries()
    {
        var answer = await GetCsvAsync("sdmx/2.1/data/MIGR_ASYAPPCTZA/A.PER.CN.T.FRST.TOTAL.DE+FR?format=SDMX-CSV&compressed=true&startPeriod=2015&endPeriod=2016");

        Assert.Equal(["DE|2015", "DE|2016", "FR|2015", "FR|2016"], answer.Rows.Select(r => answer.Cell(r, "geo") + "|" + answer.Cell(r, "TIME_PERIOD")));
        Assert.Equal("1015", answer.Cell(answer.Where(("geo", "DE"), ("TIME_PERIOD", "2016")).Single(), "OBS_VALUE"));
    }

    [Fact]
    public async Task Data_Decisions_Has1836ObservationsOf26NotAvailable()
    {
        var answer = await GetCsvAsync("sdmx/2.1/data/migr_asydcfsta?format=SDMX-CSV&compressed=true");

        Assert.Equal(["DATAFLOW", "LAST UPDATE", "freq", "unit", "citizen", "sex", "age", "decision", "geo", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS"], answer.Header);
        Assert.Equal(1836, answer.Rows.Count);
        Assert.Equal(26, answer.Rows.Count(r => answer.Cell(r, "OBS_VALUE").Length == 0));
        Assert.Equal(["NEG", "POS", "TOTAL"], answer.Rows.Select(r => answer.Cell(r, "decision")).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["EXT_EU28", "TOTAL"], answer.Rows.Select(r => answer.Cell(r, "citizen")).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(("2008", "2016"), (answer.Rows.Min(r => answer.Cell(r, "TIME_PERIOD")), answer.Rows.Max(r => answer.Cell(r, "TIME_PERIOD"))));
    }

    [Fact]
    public void Load_UnmappedLabel_ThrowsNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eurostat-unmapped-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, """
            "TIME","GEO","CITIZEN","SEX","AGE","ASYL_APP","UNIT","Value","Flag and Footnotes"
            "2015","Atlantis","China (including Hong Kong)","Total","Total","Nobody","Person","5",""

            """.Replace("\r", "", StringComparison.Ordinal), Encoding.UTF8);
        try
        {
            var labels = EurostatGeoLabels.Load(Ingestion.Testing.SharedData.File("eurostat", "codelists"));
            var error = Assert.Throws<InvalidDataException>(() => EurostatRealData.Load(
                path, Encoding.UTF8, EurostatFlowDefinition.Applicants, ["UNIT", "CITIZEN", "SEX", "ASYL_APP", "AGE", "GEO"], DateTimeOffset.UnixEpoch, labels));
            Assert.Contains("GEO 'Atlantis'", error.Message, StringComparison.Ordinal);
            Assert.Contains("ASYL_APP 'Nobody'", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("China", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<SdmxCsvAnswer> GetCsvAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(_api.BaseAddress, pathAndQuery), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SdmxCsvAnswer.ReadAsync(response, TestContext.Current.CancellationToken);
    }
}
