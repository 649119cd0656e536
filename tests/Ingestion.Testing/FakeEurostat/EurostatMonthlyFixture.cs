using System.Globalization;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// A small <c>migr_asyappctzm</c> of our own making: no recording of the monthly flow exists here (SOURCES.md), so
/// monthly behaviour is tested on this fixture in the real format: citizens AF, SY × geo AT, DE × 2024-01..2025-12
/// (96 observations), first-time applicants of both sexes and all ages, values 100 + 5·m (AF) and 2,000 + 5·m (SY)
/// for month index m from 0, and one value not available (AF → AT, 2024-02).
/// </summary>
public static class EurostatMonthlyFixture
{
    public static readonly DateTimeOffset LastUpdate = new(2026, 11, 20, 11, 0, 0, TimeSpan.FromHours(1));

    public const int Observations = 96;

    public static EurostatFlowData Create()
    {
        var observations = new List<EurostatObservation>();
        foreach (var citizen in new[] { "AF", "SY" })
        {
            foreach (var geo in new[] { "AT", "DE" })
            {
                for (var month = 0; month < 24; month++)
                {
                    var period = string.Create(CultureInfo.InvariantCulture, $"{2024 + month / 12}-{month % 12 + 1:D2}");
                    long? value = (citizen, geo, period) == ("AF", "AT", "2024-02") ? null : (citizen == "SY" ? 2_000 : 100) + 5 * month;
                    observations.Add(new EurostatObservation(["M", "PER", citizen, "T", "FRST", "TOTAL", geo], period, value));
                }
            }
        }

        return new EurostatFlowData(EurostatFlowDefinition.ApplicantsMonthly, LastUpdate, observations);
    }
}
