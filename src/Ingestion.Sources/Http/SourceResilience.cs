using Ingestion.Core.Ports;
using Polly;

namespace Ingestion.Sources.Http;

/// <summary>Keys of the values a request passes to the resilience pipeline through its <see cref="ResilienceContext"/>.</summary>
public static class SourceResilience
{
    /// <summary>The counters of the fetch the request belongs to; each retry is added to them.</summary>
    public static readonly ResiliencePropertyKey<FetchStatistics> Statistics = new("Ingestion.FetchStatistics");

    /// <summary>Set on a request that must not be retried (an early attempt whose retries belong to a run not yet begun).</summary>
    public static readonly ResiliencePropertyKey<bool> SingleAttempt = new("Ingestion.SingleAttempt");

    /// <summary>The request URI, for the retry log.</summary>
    public static readonly ResiliencePropertyKey<Uri> RequestUri = new("Ingestion.RequestUri");
}
