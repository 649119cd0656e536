namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>Polls a condition until it holds or the time is up (then the test fails, naming the wait).</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static Task TrueAsync(Func<bool> condition, TimeSpan within) => TrueAsync(() => Task.FromResult(condition()), within);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"The condition did not hold within {within}.");
            }

            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }
}
