using Ingestion.Core.Ports;
using Ingestion.Sources.Http;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// GETs one UNHCR JSON page. The body is read and checked inside the retried callback, so truncated and non-JSON
/// bodies are retried like 5xx; any other non-success status is permanent. A data page is checked by its source
/// (<see cref="GetAsync{T}"/>), which knows when the bytes need no check: a page the current snapshot's run read.
/// </summary>
internal sealed class UnhcrPageClient(SourceHttpClient http)
{
    public Task<PageBody> GetAsync(string dataset, int page, Uri uri, FetchStatistics statistics, CancellationToken cancellationToken) =>
        http.GetAsync(What(dataset, page), dataset, page, uri, statistics, ReadPageAsync, cancellationToken);

    /// <summary>
    /// The page turned into <typeparamref name="T"/> by <paramref name="read"/>, which owns the body it is given; a
    /// <see cref="MalformedBodyException"/> from it makes the attempt a transient failure.
    /// </summary>
    public Task<T> GetAsync<T>(string dataset, int page, Uri uri, FetchStatistics statistics, Func<PageBody, T> read, CancellationToken cancellationToken) =>
        http.GetAsync(What(dataset, page), dataset, page, uri, statistics, (response, token) => ReadAsync(response, read, token), cancellationToken);

    /// <summary>One attempt sent before the run began (see <see cref="SourceHttpClient.GetOnceAsync"/>).</summary>
    public Task<PageBody> GetOnceAsync(string dataset, int page, Uri uri, CancellationToken cancellationToken) =>
        http.GetOnceAsync(What(dataset, page), dataset, page, uri, ReadPageAsync, cancellationToken);

    /// <summary>The run's page from an attempt sent early, or fetched again when that attempt failed transiently.</summary>
    public Task<PageBody> TakeEarlyAsync(Task<PageBody> early, string dataset, int page, Uri uri, FetchStatistics statistics, CancellationToken cancellationToken) =>
        http.TakeEarlyAsync(early, What(dataset, page), dataset, page, uri, statistics, ReadPageAsync, cancellationToken);

    private static string What(string dataset, int page) => $"UNHCR {dataset}, page {page}";

    private static ValueTask<PageBody> ReadPageAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        ReadAsync(response, body => JsonBody.Problem(body.Content.Span) is { } problem ? throw new MalformedBodyException(problem, problem) : body, cancellationToken);

    private static async ValueTask<T> ReadAsync<T>(HttpResponseMessage response, Func<PageBody, T> read, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            throw new SourceException($"GET {response.RequestMessage?.RequestUri} returned HTTP {status} {response.ReasonPhrase}; not retried.");
        }

        var body = await SourceHttpClient.ReadBodyAsync(response.Content, cancellationToken);
        try
        {
            return read(body);
        }
        catch (MalformedBodyException e)
        {
            body.Dispose();
            throw new TransientResponseException($"HTTP {status} with a body that is {e.Problem}", status);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
