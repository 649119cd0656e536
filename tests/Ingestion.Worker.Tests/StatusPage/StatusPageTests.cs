using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Ingestion.Testing;
using Ingestion.Worker.Tests.Cli;

namespace Ingestion.Worker.Tests.StatusPage;

/// <summary>
/// The status page rendered by headless Chromium from a worker holding two real UNHCR releases and a quarantined snapshot
/// (<see cref="StatusPageWorld"/>): the asserts read the DOM the browser built; each page also leaves a screenshot in
/// <c>artifacts/status-page</c> under the test binaries.
/// </summary>
public sealed class StatusPageTests(StatusPageWorld world) : IClassFixture<StatusPageWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overview_TwoReleasesAndQuarantine_ListsEveryDatasetWithItsState()
    {
        var page = await RenderAsync("/", "overview.png", height: 1800);

        var rows = page.QuerySelectorAll("#datasets tbody tr");
        Assert.Equal(TestCatalog.Default.Names, rows.Select(r => r.GetAttribute("data-dataset")));
        Assert.All(page.QuerySelectorAll("#datasets thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));

        var population = Row(page, "unhcr.population");
        Assert.Equal("stale", population.GetAttribute("data-freshness"));
        Assert.Equal($"#{world.YearEnd}", Text(population, ".current"));
        Assert.Equal(world.YearEndRows.ToString("N0", CultureInfo.InvariantCulture), Text(population, ".rows"));
        Assert.Equal("5 d 8 h ago", Text(population, ".age"));
        Assert.Equal("published", population.QuerySelector(".last-run .badge")!.GetAttribute("data-status"));

        var idmc = Row(page, "unhcr.idmc");
        Assert.Equal("fresh", idmc.GetAttribute("data-freshness"));
        Assert.Equal($"/snapshots/{world.IdmcQuarantined}", idmc.QuerySelector(".quarantined a")!.GetAttribute("href"));
        Assert.Equal("quarantined", idmc.QuerySelector(".last-run .badge")!.GetAttribute("data-status"));

        var solutions = Row(page, "unhcr.solutions");
        Assert.Equal("never", solutions.GetAttribute("data-freshness"));
        Assert.Equal("failing", solutions.ClassName);
        Assert.Equal(StatusPageWorld.FailedRunError, Text(solutions, ".error"));
        Assert.Empty(page.QuerySelectorAll("script"));

        Assert.Equal(("1", "1", "1"), (Text(page, "#count-stale"), Text(page, "#count-failing"), Text(page, "#count-quarantined")));
        var quarantined = Assert.Single(page.QuerySelectorAll("#quarantine tbody tr"));
        Assert.Equal(world.IdmcQuarantined.ToString(CultureInfo.InvariantCulture), quarantined.GetAttribute("data-snapshot"));
        Assert.Equal("removed_fraction, row_count_drop", Text(quarantined, ".rules"));
        Assert.Equal(
            ["failed", "quarantined", "published", "published", "published"],
            page.QuerySelectorAll("#recent-runs tbody tr").Select(r => r.GetAttribute("data-status")));
    }

    [Fact]
    public async Task DatasetPage_PopulationDefault_ChartsChinaAsylumSeekersOneLinePerSnapshot()
    {
        var page = await RenderAsync("/datasets/unhcr.population", "dataset-population.png", height: 1700);

        Assert.Equal([world.MidYear, world.YearEnd], page.QuerySelectorAll("#chart g.series").Select(g => long.Parse(g.GetAttribute("data-snapshot")!, CultureInfo.InvariantCulture)));
        Assert.Equal(2, page.QuerySelectorAll("#legend li").Length);
        Assert.Equal("asylum_seekers", page.QuerySelector("select[name=measure] option[selected]")!.GetAttribute("value"));
        Assert.Equal("CHN", page.QuerySelector("input[name=origin_iso]")!.GetAttribute("value"));
        // UNHCR's figures for China's asylum seekers in 2025: 178,725 in the mid-year release, 99,716 at year end.
        var midYear = Point(page, world.MidYear, 2025);
        var yearEnd = Point(page, world.YearEnd, 2025);
        Assert.Equal("178725", midYear.GetAttribute("data-value"));
        Assert.Equal("99716", yearEnd.GetAttribute("data-value"));
        Assert.EndsWith("2025: 178,725", midYear.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("2025: 99,716", yearEnd.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        var revised = page.QuerySelector("#series-revisions tr[data-period='2025']")!;
        Assert.Equal(["178,725", "99,716", "-79,009"], revised.QuerySelectorAll("td").Select(td => td.TextContent));

        var history = page.QuerySelector($"#snapshots tr[data-snapshot='{world.YearEnd}']")!;
        Assert.Equal(("300", "4,589", "233"), (Text(history, ".added"), Text(history, ".revised"), Text(history, ".removed")));
        Assert.Equal(world.YearEndRows.ToString("N0", CultureInfo.InvariantCulture), Text(history, ".rows"));
    }

    [Fact]
    public async Task DatasetPage_FormSelection_ChartsTheChosenSeriesAsTheReadContractHasIt()
    {
        var page = await RenderAsync("/datasets/unhcr.population?measure=refugees&origin_iso=SYR&asylum_iso=DEU", screenshot: null);

        Assert.Equal("refugees", page.QuerySelector("select[name=measure] option[selected]")!.GetAttribute("value"));
        Assert.Equal(("SYR", "DEU"), (page.QuerySelector("input[name=origin_iso]")!.GetAttribute("value"), page.QuerySelector("input[name=asylum_iso]")!.GetAttribute("value")));
        foreach (var snapshot in new[] { world.MidYear, world.YearEnd })
        {
            var expected = await Sql.ScalarAsync(world.ConnectionString, $"""
                SELECT sum(refugees)::bigint FROM stats.unhcr_population_as_of({snapshot})
                WHERE origin_iso = 'SYR' AND asylum_iso = 'DEU' AND year = 2024
                """, Ct);
            Assert.Equal(Convert.ToString(expected, CultureInfo.InvariantCulture), Point(page, snapshot, 2024).GetAttribute("data-value"));
        }
    }

    [Fact]
    public async Task SnapshotPage_YearEndRelease_CountsAndLargestRevisionsPaged()
    {
        var page = await RenderAsync($"/snapshots/{world.YearEnd}", "snapshot-year-end.png", height: 2200);

        Assert.Equal(("300", "4,589", "233"), (Text(page, "#added"), Text(page, "#revised"), Text(page, "#removed")));
        Assert.Null(page.QuerySelector("#quality-report"));
        var changes = page.QuerySelectorAll("#revisions tbody tr").Select(r => Math.Abs(long.Parse(Text(r, ".change"), NumberStyles.AllowThousands | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(50, changes.Count);
        Assert.Equal(changes.OrderDescending(), changes);
        Assert.StartsWith("page 1 of ", Text(page, "#pager span"), StringComparison.Ordinal);

        var second = await RenderAsync($"/snapshots/{world.YearEnd}?page=2", screenshot: null);
        Assert.StartsWith("page 2 of ", Text(second, "#pager span"), StringComparison.Ordinal);
        var next = second.QuerySelectorAll("#revisions tbody tr").Select(r => Math.Abs(long.Parse(Text(r, ".change"), NumberStyles.AllowThousands | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))).ToList();
        Assert.True(next[0] <= changes[^1], "page 2 continues where page 1 ended");
        Assert.Equal($"/snapshots/{world.YearEnd}?page=1", second.QuerySelector("#pager a[rel=prev]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task SnapshotPage_Quarantined_ShowsEachFailedRuleWithItsValues()
    {
        var page = await RenderAsync($"/snapshots/{world.IdmcQuarantined}", "snapshot-quarantined.png", height: 1300);

        Assert.Equal("quarantined", page.QuerySelector("h1 .badge")!.GetAttribute("data-status"));
        var rules = page.QuerySelectorAll("#quality-report tbody tr").ToDictionary(r => r.GetAttribute("data-rule")!, r => Text(r, "td"));
        Assert.Equal(["removed_fraction", "row_count_drop"], rules.Keys);
        Assert.EndsWith($"% of {world.IdmcRows} rows removed, limit 10 %", rules["removed_fraction"], StringComparison.Ordinal);
        Assert.StartsWith($"row count drops from {world.IdmcRows} to {world.IdmcQuarantinedRows} (", rules["row_count_drop"], StringComparison.Ordinal);
        var largest = page.QuerySelector("#revisions tbody tr")!;
        Assert.Equal(("2025", "AFG", "total", "4,400,000"), (Text(largest, ".year"), Text(largest, ".origin"), Text(largest, ".measure"), Text(largest, ".new")));
    }

    [Fact]
    public async Task UnknownDatasetOrSnapshot_Requested_404Page()
    {
        foreach (var path in new[] { "/datasets/unhcr.nope", "/snapshots/987654", "/snapshots/abc" })
        {
            using var response = await world.Http.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var page = await RenderAsync("/datasets/unhcr.nope", "not-found.png", height: 500);
        Assert.Equal("There is no dataset named 'unhcr.nope'.", Text(page, "#not-found"));
    }

    private async Task<IDocument> RenderAsync(string path, string? screenshot, int height = 1600)
    {
        if (screenshot is not null)
        {
            await HeadlessChromium.ScreenshotAsync(world.Url(path), Path.Combine(StatusPageWorld.Artifacts, screenshot), height, Ct);
        }

        return await HeadlessChromium.RenderAsync(world.Url(path), Ct);
    }

    private static IElement Row(IDocument page, string dataset) =>
        page.QuerySelector($"#datasets tr[data-dataset='{dataset}']") ?? throw new Xunit.Sdk.XunitException($"no row for {dataset}");

    private static IElement Point(IDocument page, long snapshot, int period) =>
        page.QuerySelector($"#chart circle.point[data-snapshot='{snapshot}'][data-period='{period}']")
            ?? throw new Xunit.Sdk.XunitException($"no point of snapshot {snapshot} for {period}");

    private static string Text(IParentNode node, string selector) =>
        node.QuerySelector(selector)?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"nothing matches {selector}");
}
