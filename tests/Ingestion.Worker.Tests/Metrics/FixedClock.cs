namespace Ingestion.Worker.Tests.Metrics;

/// <summary>A clock that always reads <paramref name="now"/>.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
