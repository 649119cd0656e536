using Ingestion.Sources.Http;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ingestion.Sources.Tests.Http;

public sealed class RequestPacerTests
{
    [Fact]
    public void WaitAsync_ThreeCallsAtOnce_SpacedByTheInterval()
    {
        var clock = new FakeTimeProvider();
        var pacer = new RequestPacer(TimeSpan.FromMilliseconds(250), clock);

        var first = pacer.WaitAsync(TestContext.Current.CancellationToken);
        var second = pacer.WaitAsync(TestContext.Current.CancellationToken);
        var third = pacer.WaitAsync(TestContext.Current.CancellationToken);

        Assert.True(first.IsCompleted);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(second.IsCompleted);
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(third.IsCompleted);
    }

    [Fact]
    public void WaitAsync_ZeroInterval_NeverWaits()
    {
        var pacer = new RequestPacer(TimeSpan.Zero, new FakeTimeProvider());

        Assert.True(pacer.WaitAsync(TestContext.Current.CancellationToken).IsCompleted);
        Assert.True(pacer.WaitAsync(TestContext.Current.CancellationToken).IsCompleted);
    }
}
