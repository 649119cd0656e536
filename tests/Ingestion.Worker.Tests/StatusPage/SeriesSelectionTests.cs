using Ingestion.Sources.Eurostat;
using Ingestion.Sources.Unhcr;
using Ingestion.Worker.StatusPage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Ingestion.Worker.Tests.StatusPage;

public sealed class SeriesSelectionTests
{
    [Fact]
    public void From_NoQueryOnPopulation_AsylumSeekersFromChina()
    {
        var selection = SeriesSelection.From(UnhcrDatasets.Population, new QueryCollection());

        Assert.Equal("asylum_seekers", selection.Measure);
        Assert.Equal(new Dictionary<string, string> { ["origin_iso"] = "CHN" }, selection.Filter);
        Assert.Null(selection.Problem);
    }

    [Fact]
    public void From_NoQueryOnEurostatApplicants_ChinaToGermanyFirstTimeAtTheTotalsOfSexAndAge()
    {
        var selection = SeriesSelection.From(EurostatDatasets.AsylumApplicants, new QueryCollection());

        Assert.Equal("applicants", selection.Measure);
        Assert.Equal(
            new Dictionary<string, string> { ["citizen"] = "CN", ["geo"] = "DE", ["sex"] = "T", ["age"] = "TOTAL", ["applicant"] = "FRST" },
            selection.Filter);
    }

    [Fact]
    public void From_NoQueryOnEurostatDecisions_AllDecisions()
    {
        var selection = SeriesSelection.From(EurostatDatasets.AsylumDecisions, new QueryCollection());

        Assert.Equal("decisions", selection.Measure);
        Assert.Equal("TOTAL", selection.Filter["decision"]);
    }

    [Fact]
    public void From_UnknownMeasure_DefaultSeriesWithAProblemNamingIt()
    {
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["measure"] = "asylumSeekers", ["origin_iso"] = "AFG" });

        var selection = SeriesSelection.From(UnhcrDatasets.Population, query);

        Assert.Equal("asylum_seekers", selection.Measure);
        Assert.Equal("CHN", selection.Filter["origin_iso"]);
        Assert.Equal("unhcr.population has no measure 'asylumSeekers'; showing the default series.", selection.Problem);
    }
}
