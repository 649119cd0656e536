using System.Collections.Concurrent;
using Ingestion.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Worker.Tests.Tracing;

/// <summary>An OTLP/HTTP trace receiver on 127.0.0.1: keeps the body of every <c>POST /v1/traces</c> and answers 200.</summary>
internal sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<byte[]> _exports = new();
    private LoopbackWebApp? _app;

    /// <summary>The endpoint to give <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the exporter appends <c>/v1/traces</c>).</summary>
    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyCollection<byte[]> Exports => _exports;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = await LoopbackWebApp.StartAsync(app => app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            _exports.Enqueue(body.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        }), cancellationToken);
        Endpoint = _app.Address;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
