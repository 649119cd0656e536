using System.Net.Http.Headers;
using Ingestion.Sources.Http;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ingestion.Sources.Tests.Http;

public sealed class RetryAfterHeaderTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 29, 5, 0, 0, TimeSpan.Zero));

    private static HttpResponseHeaders Headers(string? retryAfter)
    {
        using var response = new HttpResponseMessage();
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response.Headers;
    }

    [Fact]
    public void Delay_DeltaSeconds_ReturnsThatDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHeader.Delay(Headers("7"), Clock));
    }

    [Fact]
    public void Delay_HttpDate_ReturnsTimeUntilThenOnTheInjectedClock()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfterHeader.Delay(Headers("Sun, 29 Nov 2026 05:01:30 GMT"), Clock));
    }

    [Fact]
    public void Delay_HttpDateInThePast_ReturnsZero()
    {
        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.Delay(Headers("Sun, 29 Nov 2026 04:00:00 GMT"), Clock));
    }

    [Fact]
    public void Delay_NoHeader_ReturnsNull()
    {
        Assert.Null(RetryAfterHeader.Delay(Headers(null), Clock));
    }
}
