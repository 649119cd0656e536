using Ingestion.Core.Ports;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;

namespace Ingestion.Sources.Http;

/// <summary>
/// GETs one JSON page through the named resilience pipeline. The body is read and checked inside the retried
/// callback, so truncated and non-JSON bodies are retried like 5xx. Permanent failures become <see cref="SourceException"/>.
/// </summary>
public sealed class JsonPageClient(
    IHttpClientFactory httpClientFactory,
    ResiliencePipelineProvider<string> pipelines,
    RequestPacer pacer,
    TimeProvider timeProvider)
{
    public const string HttpClientName = "Ingestion.Sources.Unhcr";

    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(UnhcrResiliencePipeline.Name);

    public async Task<byte[]> GetAsync(string dataset, int page, Uri uri, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(SourceResilience.Statistics, statistics);
        context.Properties.Set(SourceResilience.RequestUri, uri);
        try
        {
            return await _pipeline.ExecuteAsync(static (ctx, state) => state.Self.SendOnceAsync(state.Uri, ctx.CancellationToken), context, (Self: this, Uri: uri));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutRejectedException or TransientResponseException or BrokenCircuitException
                                  && !cancellationToken.IsCancellationRequested)
        {
            throw new SourceException($"UNHCR {dataset}, page {page}: GET {uri} failed after retries: {Describe(e)}", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<byte[]> SendOnceAsync(Uri uri, CancellationToken cancellationToken)
    {
        await pacer.WaitAsync(cancellationToken);
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (status is 408 or 429 or >= 500)
        {
            throw new TransientResponseException($"HTTP {status} {response.ReasonPhrase}", status, RetryAfterHeader.Delay(response.Headers, timeProvider));
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new SourceException($"GET {uri} returned HTTP {status} {response.ReasonPhrase}; not retried.");
        }

        var body = await ReadBodyAsync(response.Content, cancellationToken);
        if (JsonBody.Problem(body) is { } problem)
        {
            throw new TransientResponseException($"HTTP {status} with a body that is {problem}", status);
        }

        return body;
    }

    /// <summary>Reads the body into one array of exactly Content-Length bytes (no intermediate buffer) when it is known.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is not { } length || length > Array.MaxLength)
        {
            return await content.ReadAsByteArrayAsync(cancellationToken);
        }

        var body = new byte[length];
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        await stream.ReadExactlyAsync(body, cancellationToken); // a short body throws EndOfStreamException, an IOException: retried
        return body;
    }

    private static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException t => $"timed out after {t.Timeout}",
        BrokenCircuitException => "circuit breaker is open after repeated failures",
        _ => e.Message,
    };
}
