using Ingestion.Core.Diagnostics;
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

    public async Task<PageBody> GetAsync(string dataset, int page, Uri uri, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        using var activity = IngestionActivitySource.StartPage(IngestionSpanNames.FetchPage, dataset, page)?.SetTag(IngestionTagNames.Url, uri.AbsoluteUri);
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
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, Describe(e));
            throw new SourceException($"UNHCR {dataset}, page {page}: GET {uri} failed after retries: {Describe(e)}", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<PageBody> SendOnceAsync(Uri uri, CancellationToken cancellationToken)
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
        if (JsonBody.Problem(body.Content.Span) is { } problem)
        {
            body.Dispose();
            throw new TransientResponseException($"HTTP {status} with a body that is {problem}", status);
        }

        return body;
    }

    /// <summary>Reads the body into a pooled buffer of exactly Content-Length bytes when it is known.</summary>
    private static async Task<PageBody> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is not { } length || length > Array.MaxLength)
        {
            return PageBody.Wrap(await content.ReadAsByteArrayAsync(cancellationToken));
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return await PageBody.ReadAsync(stream, (int)length, cancellationToken); // short body: EndOfStreamException, an IOException: retried
    }

    private static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException t => $"timed out after {t.Timeout}",
        BrokenCircuitException => "circuit breaker is open after repeated failures",
        _ => e.Message,
    };
}
