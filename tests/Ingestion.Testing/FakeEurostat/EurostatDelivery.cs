using Ingestion.Testing.FakeUnhcr;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// The ways Eurostat may deliver the same data, which every figure must survive (DESIGN §3b): at once, every request
/// queued, refused as too big (2,000 observations, so a year of the real export is split by geo twice), or after 503s.
/// </summary>
public static class EurostatDelivery
{
    public static Xunit.TheoryData<string> Names => ["sync", "queued", "too-big", "503"];

    public static void Arrange(FakeEurostatApi api, string delivery)
    {
        ArgumentNullException.ThrowIfNull(api);
        switch (delivery)
        {
            case "sync":
                break;
            case "queued":
                api.QueueEverything = true;
                break;
            case "too-big":
                api.MaxObservations = 2_000;
                break;
            case "503":
                api.Inject(FakeFault.Status(503), times: 4, when: r => r.Kind == FakeEurostatRequestKind.Data);
                break;
            default:
                throw new ArgumentException($"Unknown delivery '{delivery}'.", nameof(delivery));
        }
    }
}
