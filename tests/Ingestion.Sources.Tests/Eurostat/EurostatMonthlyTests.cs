using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Eurostat;
using Ingestion.Testing;
using Ingestion.Testing.FakeEurostat;
using Xunit;

namespace Ingestion.Sources.Tests.Eurostat;

/// <summary>
/// The monthly flow (<c>migr_asyappctzm</c>). No recording of it exists here, so these tests serve a small fixture of
/// our own in the same format (<see cref="EurostatMonthlyFixture"/>).
/// </summary>
public sealed class EurostatMonthlyTests
{
    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(10L)] // a year is 48 observations: halved to 6 months, then 3, then 2 and 1
    public async Task FetchAsync_Months_YieldsEveryMonthAsYearMonthPeriods(long maxObservations)
    {
        await using var api = new FakeEurostatApi(EurostatMonthlyFixture.Create()) { MaxObservations = maxObservations };
        await api.StartAsync(TestContext.Current.CancellationToken);
        await using var services = TestSources.CreateEurostat(api.BaseAddress);

        var rows = await services.Source(EurostatDatasets.AsylumApplicantsMonthly)
            .FetchAsync(new FetchContext(YearScope.All, new InMemoryRawPageArchive(), new FetchStatistics()), TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(EurostatMonthlyFixture.Observations, rows.Count);
        Assert.Equal(24, rows.Select(r => r.Period).Distinct().Count());
        Assert.Equal((202401, 202512), (rows.Min(r => r.Period), rows.Max(r => r.Period)));
        var march = Assert.Single(rows, r => r.Period == 202503 && r.Key[0] == "SY" && r.Key[1] == "DE");
        Assert.Equal(["SY", "DE", "T", "TOTAL", "FRST"], march.Key);
        Assert.Equal((2_000L + 5 * 14, "SYR", "DEU"), (march.Measures[0], march.Attributes[0], march.Attributes[1]));
        Assert.Null(Assert.Single(rows, r => r.Period == 202402 && r.Key[0] == "AF" && r.Key[1] == "AT").Measures[0]);
        Assert.Equal(rows.Count, rows.Select(r => r.KeyText).Distinct().Count());
        if (maxObservations < 48)
        {
            Assert.Contains(api.Requests, r => r.Kind == FakeEurostatRequestKind.Data && r.StartPeriod == "2024-01" && r.EndPeriod == "2024-03");
        }
    }
}
