using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.Worker.Tests.Tracing;

/// <summary>An OTLP/HTTP trace receiver on 127.0.0.1: keeps the body of every <c>POST /v1/traces</c> and answers 200.</summary>
internal sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<byte[]> _exports = new();
    private WebApplication? _app;

    /// <summary>The endpoint to give <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the exporter appends <c>/v1/traces</c>).</summary>
    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyCollection<byte[]> Exports => _exports;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            _exports.Enqueue(body.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        });
        await _app.StartAsync(cancellationToken);
        Endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
