using Ingestion.Core.Diagnostics;
using Ingestion.Core.Ports;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;

namespace Ingestion.Sources.Http;

/// <summary>
/// One publisher's GETs: paced, through its resilience pipeline, with 408 / 429 / 5xx retried (Retry-After honoured).
/// Any other response goes to the caller's <c>read</c>, inside the retried callback, so a body that turns out
/// truncated or malformed can be retried by throwing <see cref="TransientResponseException"/>. Failures that outlast
/// the retries become a <see cref="SourceException"/> naming what was fetched.
/// </summary>
public sealed class SourceHttpClient
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _clientName;
    private readonly ResiliencePipeline _pipeline;
    private readonly RequestPacer _pacer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SourceHttpClient(
        string publisher, IHttpClientFactory httpClientFactory, ResiliencePipelineProvider<string> pipelines, RequestPacer pacer, TimeProvider timeProvider,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        _httpClientFactory = httpClientFactory;
        _clientName = SourceResiliencePipeline.NameFor(publisher);
        _pipeline = pipelines.GetPipeline(_clientName);
        _pacer = pacer;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <param name="what">Names the request in errors, e.g. <c>UNHCR unhcr.population, page 3</c>.</param>
    /// <param name="read">Turns a non-transient response into the result (or throws); called once per attempt.</param>
    public Task<T> GetAsync<T>(
        string what, string dataset, int page, Uri uri, FetchStatistics statistics,
        Func<HttpResponseMessage, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return SendAsync(what, dataset, page, uri, statistics, read, cancellationToken);
    }

    /// <summary>
    /// One attempt through the same pipeline (paced, timed out, counted by the circuit breaker) but not retried: a
    /// request sent before the run that owns its retries has begun (<see cref="IEarlyFirstRequest"/>). That run takes
    /// the outcome with <see cref="TakeEarlyAsync"/>.
    /// </summary>
    public Task<T> GetOnceAsync<T>(
        string what, string dataset, int page, Uri uri, Func<HttpResponseMessage, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken) =>
        SendAsync(what, dataset, page, uri, statistics: null, read, cancellationToken);

    /// <summary>
    /// The answer to an attempt sent early with <see cref="GetOnceAsync"/>, taken by the run it was sent for. A failure
    /// the pipeline retries is logged and counted as this run's first retry, and the request goes through the pipeline
    /// (<see cref="GetAsync"/>); any other failure is the run's, as it would have been.
    /// </summary>
    public async Task<T> TakeEarlyAsync<T>(
        Task<T> early, string what, string dataset, int page, Uri uri, FetchStatistics statistics,
        Func<HttpResponseMessage, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(early);
        ArgumentNullException.ThrowIfNull(statistics);
        try
        {
            return await early.WaitAsync(cancellationToken);
        }
        catch (SourceException e) when (e.InnerException is { } failure && SourceResiliencePipeline.IsTransient(failure) && !cancellationToken.IsCancellationRequested)
        {
            statistics.AddRetry();
            SourceLog.Retrying(_logger, uri, 1, SourceResiliencePipeline.Reason(failure), TimeSpan.Zero);
        }

        return await GetAsync(what, dataset, page, uri, statistics, read, cancellationToken);
    }

    /// <param name="statistics">The fetch's counters, with retries; null for a single attempt.</param>
    private async Task<T> SendAsync<T>(
        string what, string dataset, int page, Uri uri, FetchStatistics? statistics,
        Func<HttpResponseMessage, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        using var activity = IngestionActivitySource.StartPage(IngestionSpanNames.FetchPage, dataset, page)?.SetTag(IngestionTagNames.Url, uri.AbsoluteUri);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        if (statistics is null)
        {
            context.Properties.Set(SourceResilience.SingleAttempt, true);
        }
        else
        {
            context.Properties.Set(SourceResilience.Statistics, statistics);
        }

        context.Properties.Set(SourceResilience.RequestUri, uri);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => state.Self.SendOnceAsync(state.Uri, state.Read, ctx.CancellationToken), context, (Self: this, Uri: uri, Read: read));
        }
        catch (Exception e) when ((SourceResiliencePipeline.IsTransient(e) || e is BrokenCircuitException) && !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, Describe(e));
            throw new SourceException($"{what}: GET {uri} failed{(statistics is null ? "" : " after retries")}: {Describe(e)}", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Reads a body into pooled buffers: exactly Content-Length bytes when it is known, else to the end.</summary>
    public static async Task<PageBody> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        if (content.Headers.ContentLength is not { } length || length > Array.MaxLength)
        {
            return await PageBody.ReadToEndAsync(stream, cancellationToken);
        }

        return await PageBody.ReadAsync(stream, (int)length, cancellationToken); // short body: EndOfStreamException, an IOException: retried
    }

    private async ValueTask<T> SendOnceAsync<T>(Uri uri, Func<HttpResponseMessage, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        await _pacer.WaitAsync(cancellationToken);
        var client = _httpClientFactory.CreateClient(_clientName);
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (status is 408 or 429 or >= 500)
        {
            throw new TransientResponseException($"HTTP {status} {response.ReasonPhrase}", status, RetryAfterHeader.Delay(response.Headers, _timeProvider));
        }

        return await read(response, cancellationToken);
    }

    private static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException t => $"timed out after {t.Timeout}",
        BrokenCircuitException => "circuit breaker is open after repeated failures",
        _ => e.Message,
    };
}
