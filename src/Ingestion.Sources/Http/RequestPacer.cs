namespace Ingestion.Sources.Http;

/// <summary>Spaces the starts of requests to one host at least <c>interval</c> apart, across all callers.</summary>
public sealed class RequestPacer(TimeSpan interval, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        TimeSpan wait;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var slot = _next > now ? _next : now;
            _next = slot + interval;
            wait = slot - now;
        }

        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, timeProvider, cancellationToken);
    }
}
