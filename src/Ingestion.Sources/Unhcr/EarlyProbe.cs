using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Http;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// A row-count probe sent before its run began (<see cref="IEarlyFirstRequest"/>): one attempt, not retried, so that
/// every retry belongs to the run (logged with its id, counted in its statistics) that takes the answer. Disposing
/// cancels it if still in flight; once it ends, a body nobody took goes back to the pool.
/// </summary>
internal sealed class EarlyProbe : IAsyncDisposable, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<PageBody> _body;
    private bool _taken;

    public EarlyProbe(YearScope scope, Func<CancellationToken, Task<PageBody>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        Scope = scope;
        // On the thread pool: the HTTP stack's cold start runs on the other core while the caller goes on to the database.
        _body = Task.Run(() => send(_stop.Token), _stop.Token);
    }

    public YearScope Scope { get; }

    /// <summary>The attempt, handed to the run (<see cref="SourceHttpClient.TakeEarlyAsync"/>): its body is the run's from here on.</summary>
    public Task<PageBody> Take()
    {
        _taken = true;
        return _body;
    }

    public ValueTask DisposeAsync() => new(ReleaseAsync());

    /// <summary>For a container disposed synchronously: the same, without waiting for the attempt to end.</summary>
    public void Dispose() => _ = ReleaseAsync();

    private Task ReleaseAsync()
    {
        _stop.Cancel();
        return _body.ContinueWith(
            body =>
            {
                if (body.IsCompletedSuccessfully && !_taken)
                {
                    body.Result.Dispose();
                }

                _ = body.Exception; // cancelled, or failed with no run to take it: nothing to report
                _stop.Dispose();
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
