using System.Globalization;
using System.IO.Compression;
using System.Net;
using Ingestion.Testing.FakeEurostat;

namespace Ingestion.Sources.Tests.FakeEurostat;

/// <summary>
/// The full-size applicants flow: counted from the key filter without generating, so the size rules are cheap;
/// one year (675,648 rows) streamed, not buffered; releases revise about 1 % of the values. Its citizen and geo
/// codes are those of <c>dw-data_migr_asyappctza_allcitizenships.csv</c>.
/// </summary>
public sealed class FakeEurostatFullSizeTests : IAsyncLifetime
{
    // 207 citizens (204 real, UNK among them, + TOTAL, EU28, EXT_EU28) × 34 geo × 4 sexes × 3 applicant types × 8 ages.
    private const long PerYear = 207L * 34 * 4 * 3 * 8;
    private static readonly DateTimeOffset Released = new(2026, 4, 23, 23, 0, 0, TimeSpan.FromHours(2));

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private EurostatFullSize _fullSize = null!;
    private FakeEurostatApi _api = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fullSize = EurostatFullSize.FromRealCodes(Released);
        _api = new FakeEurostatApi(_fullSize);
        await _api.StartAsync(Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public void Count_PerYearAndTotal_ComputedFromTheKey()
    {
        var dimensions = _fullSize.Definition.Dimensions.Count;

        Assert.Equal(675_648, PerYear);
        Assert.Equal(PerYear * 18, _fullSize.TotalCount);
        Assert.Equal(12_161_664, _fullSize.Count(EurostatQuery.All(dimensions)));
        for (var year = EurostatFullSize.FirstYear; year <= EurostatFullSize.LastYear; year++)
        {
            var text = year.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(PerYear, _fullSize.Count(EurostatQuery.Parse(null, dimensions, text, text)));
        }

        Assert.Equal(207, _fullSize.Codes(2).Count);
        Assert.Equal(2 * 8 * 18, _fullSize.Count(EurostatQuery.Parse("A.PER.CN.T+F.FRST..DE+XX", dimensions)));
        Assert.Equal(0, _fullSize.Count(EurostatQuery.Parse(null, dimensions, "2030")));
    }

    [Fact]
    public async Task Data_Everything_Answers413WithTheComputedEstimate()
    {
        using var response = await _http.GetAsync(new Uri(_api.BaseAddress, "sdmx/2.1/data/migr_asyappctza?format=SDMX-CSV&compressed=true"), Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("estimated 12161664 rows, max authorised is 5000000", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Toc_FullSize_ReportsCoverageAndTotalCount()
    {
        var toc = await _http.GetStringAsync(new Uri(_api.BaseAddress, "catalogue/toc/txt?lang=en"), Cancel);

        var row = toc.Split('\n').Select(l => l.Split('\t')).Single(l => l.Length > 1 && l[1] == "\"migr_asyappctza\"");
        Assert.Equal(["\"23.04.2026\"", "\"27.04.2021\"", "\"2008\"", "\"2025\"", "12161664"], row[3..]);
    }

    [Fact]
    public async Task Data_OneYear_StreamsItsComputedCountOfValidRows()
    {
        using var response = await _http.GetAsync(
            new Uri(_api.BaseAddress, "sdmx/2.1/data/migr_asyappctza?format=SDMX-CSV&compressed=true&startPeriod=2015&endPeriod=2015"),
            HttpCompletionOption.ResponseHeadersRead, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.True(response.Headers.TransferEncodingChunked);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(Cancel), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        Assert.Equal("DATAFLOW,LAST UPDATE,freq,unit,citizen,sex,applicant,age,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS", await reader.ReadLineAsync(Cancel));
        var (rows, empty, flagged, confidential) = (0L, 0L, 0L, 0L);
        string? sample = null;
        while (await reader.ReadLineAsync(Cancel) is { } line)
        {
            var cells = line.Split(',');
            Assert.Equal(13, cells.Length);
            Assert.Equal("2015", cells[9]);
            empty += cells[10].Length == 0 ? 1 : 0;
            flagged += cells[11].Length > 0 ? 1 : 0;
            confidential += cells[12] == "C" ? 1 : 0;
            Assert.True(cells[10].Length == 0 || long.Parse(cells[10], CultureInfo.InvariantCulture) % 5 == 0, line);
            if (rows++ == 123_456)
            {
                sample = line;
            }
        }

        Assert.Equal(PerYear, rows);
        Assert.InRange(empty, PerYear * 4 / 100, PerYear * 6 / 100);
        Assert.InRange(flagged, PerYear * 15 / 1000, PerYear * 25 / 1000);
        Assert.InRange(confidential, 1, empty / 5);
        var key = sample!.Split(',')[2..9];
        var expected = _fullSize.Observation(key, "2015");
        Assert.Equal($"{expected.Value},{expected.ObsFlag},{expected.ConfStatus}", string.Join(',', sample.Split(',')[10..]));
    }

    [Fact]
    public async Task Serve_NextRelease_RevisesAboutOnePercentOfTheValuesUpward()
    {
        const string germany2015 = "sdmx/2.1/data/migr_asyappctza/......DE?format=SDMX-CSV&compressed=true&startPeriod=2015&endPeriod=2015";
        var before = await GetCsvAsync(germany2015);
        _api.Serve(_fullSize.Next(Released.AddDays(1)));
        var after = await GetCsvAsync(germany2015);

        Assert.Equal(207 * 4 * 3 * 8, before.Rows.Count);
        Assert.Equal(before.Rows.Select(r => string.Join(',', r[2..10])), after.Rows.Select(r => string.Join(',', r[2..10])));
        var changes = before.Rows.Zip(after.Rows)
            .Where(p => p.First[10] != p.Second[10])
            .Select(p => long.Parse(p.Second[10], CultureInfo.InvariantCulture) - long.Parse(p.First[10], CultureInfo.InvariantCulture))
            .ToList();
        Assert.InRange(changes.Count, before.Rows.Count / 200, before.Rows.Count * 2 / 100);
        Assert.All(changes, change => Assert.Equal(5, change));
        Assert.Equal("24/04/26 23:00:00", after.Rows[0][1]);
    }

    private async Task<SdmxCsvAnswer> GetCsvAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(_api.BaseAddress, pathAndQuery), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SdmxCsvAnswer.ReadAsync(response, Cancel);
    }
}
