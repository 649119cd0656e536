using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Worker.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.Worker.Tests.Configuration;

/// <summary>The one rule for a run's years when none are given, shared by the scheduler and <c>ingest</c>.</summary>
public sealed class DefaultRunScopeTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero));

    [Fact]
    public void For_YearFromConfigured_CoversYearFromToNextYear()
    {
        Assert.Equal(YearScope.Between(2019, 2027), DefaultRunScope.For(UnhcrDatasets.Population, 2019, _clock));
    }

    [Fact]
    public void For_NoYearFrom_IsTheFullHistory()
    {
        Assert.True(DefaultRunScope.For(UnhcrDatasets.Population, null, _clock).IsAll);
    }

    [Fact]
    public void For_ReferenceDataWithYearFrom_IsTheFullHistory()
    {
        Assert.True(DefaultRunScope.For(UnhcrDatasets.Countries, 2019, _clock).IsAll);
    }

    [Fact]
    public void DefaultScope_OfConfiguredOptions_IsTheSameRule()
    {
        var options = new DatasetsOptions();
        options.ByName["unhcr_population"] = new DatasetOptions { YearFrom = 2020 };

        Assert.Equal(YearScope.Between(2020, 2027), options.DefaultScope(UnhcrDatasets.Population, _clock));
    }
}
