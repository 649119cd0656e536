using System.Diagnostics;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>One monotonic clock for the processes, the HTTP server's request log and the floor, in milliseconds.</summary>
internal sealed class BenchClock
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    public double Now => Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;
}
