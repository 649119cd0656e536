using Ingestion.Testing.Releases;
using Ingestion.Core.Model;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing;
using Xunit;

namespace Ingestion.Sources.Tests.Unhcr;

/// <summary>Raw api.unhcr.org responses in ../shared/data/unhcr-api-json (facts from its SOURCES.md).</summary>
public sealed class ApiJsonFixtureTests
{
    private static UnhcrPage Parse(string date, string file) =>
        new UnhcrPageParser(UnhcrEndpoints.For(UnhcrDatasets.Population))
            .Parse(File.ReadAllBytes(SharedData.File("unhcr-api-json", date, file)), 1);

    private static StatRow China(UnhcrPage page, int year) => page.Rows.Single(r => r.Year == year && r.Origin == "CHN");

    [Theory]
    [InlineData("2024-10-16", "UN-USA.json", 5317, "USA", "USA")]
    [InlineData("2024-10-16", "UN-AUL.json", 3244, "AUL", "AUS")]
    [InlineData("2024-10-16", "UN-AUS.json", 2208, "AUS", "AUT")]
    [InlineData("2024-10-16", "UN-CHI.json", 494, "CHI", "CHN")]
    [InlineData("2025-10-03", "UN-USA.json", 5318, "USA", "USA")]
    [InlineData("2025-10-03", "UN-AUL.json", 3244, "AUL", "AUS")]
    [InlineData("2025-10-03", "UN-AUS.json", 2209, "AUS", "AUT")]
    [InlineData("2025-10-03", "UN-CHI.json", 491, "CHI", "CHN")]
    [InlineData("2025-10-03", "UN-GFR.json", 3748, "GFR", "DEU")]
    [InlineData("2025-10-03", "UN-CAN.json", 5161, "CAN", "CAN")]
    [InlineData("2025-10-03", "UN-ITA.json", 3180, "ITA", "ITA")]
    [InlineData("2025-10-03", "UN-KOR.json", 1012, "KOR", "KOR")]
    [InlineData("2025-10-03", "UN-HKG.json", 561, "HKG", "HKG")]
    public void Parse_RawResponse_YieldsEveryItemForOneAsylumCountry(string date, string file, int items, string unhcrCode, string iso)
    {
        var page = Parse(date, file);

        Assert.Equal((1, 1), (page.Page, page.MaxPages));
        Assert.Equal(items, page.Rows.Count);
        Assert.All(page.Rows, r => Assert.Equal((iso, unhcrCode), (r.Asylum, r.Attributes[2])));
        Assert.All(page.Rows, r => Assert.Null(r.Measures[UnhcrDatasets.Population.MeasureIndex("oip")]));
        Assert.All(page.Rows, r => Assert.InRange(r.Year, 1951, 2024));
        Assert.Equal(items, page.Rows.Select(r => r.KeyText).Distinct().Count());
    }

    [Fact]
    public void Parse_UsaFile_ChinaRefugeesAndAsylumSeekersMatchPublishedFigures()
    {
        var page = Parse("2025-10-03", "UN-USA.json");

        Assert.Equal([60615, 5403], China(page, 2012).Measures[..2]);
        Assert.Equal([60044, 147909], China(page, 2024).Measures[..2]);
        Assert.Equal(["CHI", "China", "USA", "United States of America"], China(page, 2012).Attributes);
    }

    [Fact]
    public void Parse_GermanyFile_ChinaFiguresMatchPublishedFigures()
    {
        var page = Parse("2025-10-03", "UN-GFR.json");

        Assert.Equal([3815, 526], China(page, 2012).Measures[..2]);
        Assert.Equal([2325, 1238], China(page, 2024).Measures[..2]);
    }

    [Fact]
    public void Parse_UnknownOrigin_NameTrimmedAndZerosAreZero()
    {
        var first = Parse("2025-10-03", "UN-USA.json").Rows[0];

        Assert.Equal((1951, "UNK", "USA"), (first.Year, first.Origin, first.Asylum));
        Assert.Equal(["UKN", "Unknown", "USA", "United States of America"], first.Attributes);
        Assert.Equal([350000, 0, 0, 0, 0, 0, 0, null, 0], first.Measures);
    }

    [Fact]
    public void Parse_AustraliaBothDates_ShowsTheTypeChangeAndRevision()
    {
        var before = Parse("2024-10-16", "UN-AUL.json").Rows.Single(r => r.Year == 2024 && r.Origin == "AFG");
        var after = Parse("2025-10-03", "UN-AUL.json").Rows.Single(r => r.Year == 2024 && r.Origin == "AFG");

        Assert.Equal((1461L, 266L), (before.Measures[1]!.Value, before.Measures[2]!.Value));
        Assert.Equal((1450L, 0L), (after.Measures[1]!.Value, after.Measures[2]!.Value));
        Assert.Equal(14003, China(Parse("2025-10-03", "UN-AUL.json"), 2024).Measures[1]);
    }
}
