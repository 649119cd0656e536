using System.Net;
using System.Text.Json;
using Ingestion.Testing.FakeUnhcr;
using Xunit;

namespace Ingestion.Sources.Tests.FakeUnhcr;

/// <summary>The fake behaves like the live API where the worker depends on it (UNHCR-API.md §2–§4).</summary>
public sealed class FakeUnhcrApiTests : IAsyncLifetime
{
    private readonly FakeUnhcrApi _api = new();
    private readonly HttpClient _http = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    private async Task<JsonElement> GetAsync(string pathAndQuery)
    {
        var body = await _http.GetStringAsync(new Uri(_api.BaseAddress, pathAndQuery), TestContext.Current.CancellationToken);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Get_LimitOne_MaxPagesIsTheRowCount()
    {
        var page = await GetAsync("population/?coo_all=true&coa_all=true&limit=1&page=1");

        Assert.Equal(138893, page.GetProperty("maxPages").GetInt32());
        Assert.Equal(["page", "short-url", "maxPages", "total", "items"], page.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Array, page.GetProperty("total").ValueKind);
    }

    [Fact]
    public async Task Get_LoneYearFrom_IsIgnored()
    {
        var lone = await GetAsync("population/?coo_all=true&coa_all=true&yearFrom=2025&limit=1&page=1");
        var both = await GetAsync("population/?coo_all=true&coa_all=true&yearFrom=2025&yearTo=2025&limit=1&page=1");

        Assert.Equal(138893, lone.GetProperty("maxPages").GetInt32());
        Assert.Equal(6290, both.GetProperty("maxPages").GetInt32());
    }

    [Fact]
    public async Task Get_FirstPopulationItem_HasTheApiShapeAndQuirks()
    {
        var item = (await GetAsync("population/?coo_all=true&coa_all=true&limit=1&page=1")).GetProperty("items")[0];

        Assert.Equal(
            ["year", "coo_id", "coo_name", "coo", "coo_iso", "coa_id", "coa_name", "coa", "coa_iso",
             "refugees", "asylum_seekers", "returned_refugees", "idps", "returned_idps", "stateless", "ooc", "oip", "hst"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Unknown ", item.GetProperty("coo_name").GetString());
        Assert.Equal(180000, item.GetProperty("refugees").GetInt32());
        Assert.Equal("0", item.GetProperty("asylum_seekers").GetString());
        Assert.Equal("-", item.GetProperty("oip").GetString());
        Assert.Equal(FakeIds.For("UKN"), item.GetProperty("coo_id").GetInt32());
    }

    [Fact]
    public async Task Get_PagePastTheEnd_EchoesPageWithNoItems()
    {
        var page = await GetAsync("unrwa/?coo_all=true&coa_all=true&limit=100&page=9");

        Assert.Equal((9, 3, 0), (page.GetProperty("page").GetInt32(), page.GetProperty("maxPages").GetInt32(), page.GetProperty("items").GetArrayLength()));
    }

    [Fact]
    public async Task Get_EmptyWindow_MaxPagesZero()
    {
        var page = await GetAsync("idmc/?coo_all=true&coa_all=true&yearFrom=1900&yearTo=1901&limit=10&page=1");

        Assert.Equal((0, 0), (page.GetProperty("maxPages").GetInt32(), page.GetProperty("items").GetArrayLength()));
    }

    [Fact]
    public async Task Get_UnknownPath_Returns404()
    {
        using var response = await _http.GetAsync(new Uri(_api.BaseAddress, "nowhere/"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_OlderRelease_ServesItsOwnPopulation()
    {
        _api.Release = "2025.06.0";

        var page = await GetAsync("population/?coo_all=true&coa_all=true&limit=1&page=1");

        Assert.Equal(138826, page.GetProperty("maxPages").GetInt32());
    }
}
