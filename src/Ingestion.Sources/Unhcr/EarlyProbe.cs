using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Http;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// A row-count probe sent before its run began (<see cref="IEarlyFirstRequest"/>): one attempt, outside the retry
/// pipeline, so that every retry belongs to the run (logged with its id, counted in its statistics) that takes the
/// answer. Disposing cancels it if still in flight and returns its body to the pool unless it was taken.
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

    /// <summary>Hands the attempt to the run (<see cref="SourceHttpClient.TakeEarlyAsync"/>); the body it returns is the run's.</summary>
    public Task<PageBody> TakeAsync(Func<Task<PageBody>, Task<PageBody>> take)
    {
        ArgumentNullException.ThrowIfNull(take);
        _taken = true;
        return take(_body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await ((Task)_body).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_body.IsCompletedSuccessfully && !_taken)
        {
            _body.Result.Dispose();
        }

        _stop.Dispose();
    }

    /// <summary>For a container disposed synchronously: cancels without waiting; the body goes back to the pool when the request ends.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _body.ContinueWith(
            (body, state) =>
            {
                if (body.IsCompletedSuccessfully && !_taken)
                {
                    body.Result.Dispose();
                }

                _ = body.Exception; // an attempt cancelled or failed with no run to take it: nothing to report
                ((CancellationTokenSource)state!).Dispose();
            },
            _stop, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}
