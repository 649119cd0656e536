using System.Net.Http.Headers;

namespace Ingestion.Sources.Http;

/// <summary>Reads <c>Retry-After</c> as a delay: delta seconds, or an HTTP-date relative to the injected clock.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Delay(HttpResponseHeaders headers, TimeProvider timeProvider)
    {
        var value = headers.RetryAfter;
        if (value?.Delta is { } delta)
        {
            return delta;
        }

        if (value?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
