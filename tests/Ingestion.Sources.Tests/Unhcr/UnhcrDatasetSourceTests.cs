using Ingestion.Testing.Releases;
using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Validation;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;
using Xunit;

namespace Ingestion.Sources.Tests.Unhcr;

public sealed class UnhcrDatasetSourceTests
{
    private static FetchContext Context(YearScope scope, InMemoryRawPageArchive? archive = null) =>
        new(scope, archive ?? new InMemoryRawPageArchive(), new FetchStatistics());

    private static async Task<FakeUnhcrApi> StartAsync()
    {
        var api = new FakeUnhcrApi();
        await api.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    [Fact]
    public async Task FetchAsync_YearScope_SendsBothBoundsAndYieldsOnlyThoseYears()
    {
        var csv = CsvTable.Load(SharedData.File("unhcr-refugees-r", "2025.12.1", "population.csv"));
        var expected = csv.Rows.Count(r => r[0] is "2020" or "2021");
        await using var api = await StartAsync();
        await using var services = TestSources.Create(api.BaseAddress);

        var rows = await services.Source(UnhcrDatasets.Population)
            .FetchAsync(Context(YearScope.Between(2020, 2021)), TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(expected, rows.Count);
        Assert.All(rows, r => Assert.InRange(r.Year, 2020, 2021));
        Assert.All(api.Requests, r => Assert.StartsWith("?coo_all=true&coa_all=true&yearFrom=2020&yearTo=2021&limit=", r.Query, StringComparison.Ordinal));
        Assert.Equal([1, 10000, 10000], api.Requests.Select(r => r.Limit).Order());
    }

    [Fact]
    public async Task FetchAsync_NoRowsInScope_YieldsNothingWithoutError()
    {
        await using var api = await StartAsync();
        await using var services = TestSources.Create(api.BaseAddress);
        var context = Context(YearScope.Between(1900, 1901));

        var rows = await services.Source(UnhcrDatasets.Population).FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Empty(rows);
        Assert.Equal((0L, 0L), (context.Statistics.ExpectedPages, context.Statistics.Pages));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task FetchAsync_Demographics_SendsPopulationTypeAndLocationFlags()
    {
        await using var api = await StartAsync();
        await using var services = TestSources.Create(api.BaseAddress);

        var rows = await services.Source(UnhcrDatasets.Demographics)
            .FetchAsync(Context(YearScope.Between(2025, 2025)), TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(20771, rows.Count);
        Assert.All(api.Requests, r => Assert.EndsWith("&ptype_show=true&locationDescription_show=1&locationUR_show=1&locationAccType_show=1", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FetchAsync_SmallPages_ArchivesEveryPageInOrderBeforeItsRows()
    {
        await using var api = await StartAsync();
        await using var services = TestSources.Create(api.BaseAddress, new Dictionary<string, string> { ["PageSize"] = "100", ["MaxConcurrency"] = "3" });
        var archive = new InMemoryRawPageArchive();
        var context = Context(YearScope.All, archive);
        var pagesArchivedAtRow = new List<int>();

        await foreach (var unused in services.Source(UnhcrDatasets.Idmc).FetchAsync(context, TestContext.Current.CancellationToken))
        {
            pagesArchivedAtRow.Add(archive.Pages.Count);
        }

        Assert.Equal(934, pagesArchivedAtRow.Count);
        Assert.Equal(Enumerable.Range(0, 934).Select(i => (i / 100) + 1), pagesArchivedAtRow);
        Assert.Equal(Enumerable.Range(1, 10), archive.Pages.Select(p => p.PageNumber));
        Assert.All(archive.Pages, p => Assert.EndsWith($"&limit=100&page={p.PageNumber}", p.RequestUri, StringComparison.Ordinal));
        Assert.All(archive.Pages, p => Assert.Matches("^[0-9a-f]{64}$", p.Sha256));
        Assert.Equal(10, context.Statistics.ExpectedPages);
    }

    [Fact]
    public async Task ParseArchivedAsync_ArchivedPages_ReproduceTheFetchedRows()
    {
        await using var api = await StartAsync();
        await using var services = TestSources.Create(api.BaseAddress, new Dictionary<string, string> { ["PageSize"] = "100" });
        var archive = new InMemoryRawPageArchive();
        var source = services.Source(UnhcrDatasets.Idmc);
        var fetched = await source.FetchAsync(Context(YearScope.All, archive), TestContext.Current.CancellationToken).CollectAsync();
        var requestsBefore = api.Requests.Count;
        var replay = Context(YearScope.All);

        var reparsed = await source.ParseArchivedAsync(archive.ReplayAsync(), replay, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(fetched.Select(ExpectedRows.Text), reparsed.Select(ExpectedRows.Text));
        Assert.Equal((934L, 10L), (replay.Statistics.Rows, replay.Statistics.Pages));
        Assert.Equal(requestsBefore, api.Requests.Count);
    }

    [Fact]
    public async Task FetchAsync_RowCountChangesAfterTheProbe_ThrowsValidationNamingBothCounts()
    {
        await using var api = await StartAsync();
        api.OnRequest = r => api.Release = r.Limit == 1 ? "2025.12.1" : "2025.06.0";
        await using var services = TestSources.Create(api.BaseAddress);

        var e = await Assert.ThrowsAsync<ValidationException>(async () =>
            await services.Source(UnhcrDatasets.Population).FetchAsync(Context(YearScope.All), TestContext.Current.CancellationToken).CollectAsync());

        Assert.Equal("unhcr.population", e.Dataset);
        Assert.Equal(["announced 138893 rows, received 138826 in 14 pages"], e.Examples);
    }

    [Fact]
    public async Task FetchAsync_PageCountChangesAfterTheProbe_ThrowsSourceException()
    {
        await using var api = await StartAsync();
        api.OnRequest = r => api.Repeat = r.Limit == 1 ? 1 : 2;
        await using var services = TestSources.Create(api.BaseAddress, new Dictionary<string, string> { ["PageSize"] = "200" });

        var e = await Assert.ThrowsAsync<SourceException>(async () =>
            await services.Source(UnhcrDatasets.Unrwa).FetchAsync(Context(YearScope.All), TestContext.Current.CancellationToken).CollectAsync());

        Assert.Equal("UNHCR unhcr.unrwa, page 1: the API answered page 1 of 3, expected page 1 of 2 (did the data change during the fetch?).", e.Message);
    }

    [Fact]
    public async Task FetchAsync_ConsumerStopsEarly_StopsFetchingWithoutError()
    {
        await using var api = await StartAsync();
        await using var services = TestSources.Create(api.BaseAddress, new Dictionary<string, string> { ["PageSize"] = "10", ["MaxConcurrency"] = "2" });
        var context = Context(YearScope.All);

        var first = new List<StatRow>();
        await foreach (var row in services.Source(UnhcrDatasets.Idmc).FetchAsync(context, TestContext.Current.CancellationToken))
        {
            first.Add(row);
            if (first.Count == 15)
            {
                break;
            }
        }

        Assert.Equal(15, first.Count);
        Assert.Equal(94, context.Statistics.ExpectedPages);
        Assert.InRange(api.Requests.Count, 3, 5); // probe, pages 1-2, at most two more in flight
        Assert.Equal(1, context.Statistics.Pages);
    }
}
