using Ingestion.Worker.StatusPage;

namespace Ingestion.Worker.Tests.StatusPage;

/// <summary>Freshness against a daily 03:00 UTC schedule: one missed firing is tolerated, the second makes a dataset stale.</summary>
public sealed class FreshnessTests
{
    private const string Daily = "0 0 3 * * ?";
    private static readonly DateTimeOffset Confirmed = new(2026, 1, 5, 3, 5, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-01-05T12:00:00Z", FreshnessState.Fresh)]   // no firing since
    [InlineData("2026-01-06T12:00:00Z", FreshnessState.Fresh)]   // one firing without a confirming run
    [InlineData("2026-01-07T02:59:59Z", FreshnessState.Fresh)]
    [InlineData("2026-01-07T03:00:00Z", FreshnessState.Stale)]   // the second firing
    [InlineData("2026-03-01T00:00:00Z", FreshnessState.Stale)]
    public void Judge_DailySchedule_StaleFromTheSecondFiringWithoutAConfirmingRun(string now, FreshnessState expected) =>
        Assert.Equal(expected, Freshness.Judge(Daily, enabled: true, Confirmed, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Judge_NeverConfirmed_Never() =>
        Assert.Equal(FreshnessState.Never, Freshness.Judge(Daily, enabled: true, lastConfirmedAt: null, Confirmed));

    [Fact]
    public void Judge_Disabled_DisabledWhateverTheAge() =>
        Assert.Equal(FreshnessState.Disabled, Freshness.Judge(Daily, enabled: false, Confirmed, Confirmed.AddYears(1)));
}
