using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Http;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// A row-count probe sent before its run began (<see cref="IEarlyFirstRequest"/>). It is paced and retried like any
/// request; its retries are counted into the run that takes it. Disposing cancels it if still in flight and returns
/// its body to the pool unless it was taken.
/// </summary>
internal sealed class EarlyProbe : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly FetchStatistics _statistics = new();
    private readonly Task<PageBody> _body;
    private bool _taken;

    public EarlyProbe(YearScope scope, Func<FetchStatistics, CancellationToken, Task<PageBody>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        Scope = scope;
        // On the thread pool: the HTTP stack's cold start runs on the other core while the caller goes on to the database.
        _body = Task.Run(() => send(_statistics, _stop.Token), _stop.Token);
    }

    public YearScope Scope { get; }

    /// <summary>The probe's answer, owned by the caller from here on; its retries are added to <paramref name="statistics"/>.</summary>
    public async Task<PageBody> TakeAsync(FetchStatistics statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var body = await _body.WaitAsync(cancellationToken);
        _taken = true;
        statistics.AddRetries(_statistics.Retries);
        return body;
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
}
