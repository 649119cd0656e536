using System.Text;
using Ingestion.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Worker.Tests.TestPublisher;

/// <summary>The test publisher's website on 127.0.0.1: <c>/csvstats/arrivals.csv</c> answers whatever release is set to be served.</summary>
public sealed class CsvStatsApi : IAsyncDisposable
{
    private LoopbackWebApp? _app;
    private volatile string _served = "";
    private int _requests;

    /// <summary>The folder the CSV is published in, as the publisher's options expect it.</summary>
    public Uri BaseAddress => new(_app?.Address ?? throw new InvalidOperationException("Call StartAsync first."), "csvstats/");

    /// <summary>Every request, counted, so a test can tell the source really went over HTTP.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Serve(string csv) => _served = csv;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _app = await LoopbackWebApp.StartAsync(app => app.MapGet("/csvstats/arrivals.csv", () =>
        {
            Interlocked.Increment(ref _requests);
            return Results.Text(_served, "text/csv", Encoding.UTF8);
        }), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
