namespace Ingestion.Postgres.Resilience;

/// <summary>
/// The clock of one outage as a run sees it: started by the first failed database call, stopped by the next one
/// that succeeds. The budget counts from that first failure, so a run that waits out one restart at 02:00 still has
/// its whole budget for another at 02:40, and a call made while the outage is already over budget fails at once.
/// Also counts the run's database retries (the run row records them).
/// </summary>
public sealed class DatabaseOutage(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long? _startedAt;
    private int _retries;

    public int Retries => Volatile.Read(ref _retries);

    /// <summary>How long the database has been failing (zero when it is not).</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return _startedAt is { } started ? time.GetElapsedTime(started) : TimeSpan.Zero;
            }
        }
    }

    /// <summary>Records a failure; true while the outage is within <paramref name="budget"/>.</summary>
    public bool FailedWithin(TimeSpan budget)
    {
        lock (_gate)
        {
            _startedAt ??= time.GetTimestamp();
            return time.GetElapsedTime(_startedAt.Value) < budget;
        }
    }

    public void Retried() => Interlocked.Increment(ref _retries);

    public void Ended()
    {
        lock (_gate)
        {
            _startedAt = null;
        }
    }
}
