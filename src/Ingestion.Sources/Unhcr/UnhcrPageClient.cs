using Ingestion.Core.Ports;
using Ingestion.Sources.Http;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// GETs one UNHCR JSON page. The body is read and checked inside the retried callback, so truncated and non-JSON
/// bodies are retried like 5xx; any other non-success status is permanent.
/// </summary>
internal sealed class UnhcrPageClient(SourceHttpClient http)
{
    public Task<PageBody> GetAsync(string dataset, int page, Uri uri, FetchStatistics statistics, CancellationToken cancellationToken) =>
        http.GetAsync(What(dataset, page), dataset, page, uri, statistics, ReadPageAsync, cancellationToken);

    /// <summary>One attempt sent before the run began (see <see cref="SourceHttpClient.GetOnceAsync"/>).</summary>
    public Task<PageBody> GetOnceAsync(string dataset, int page, Uri uri, CancellationToken cancellationToken) =>
        http.GetOnceAsync(What(dataset, page), dataset, page, uri, ReadPageAsync, cancellationToken);

    /// <summary>The run's page from an attempt sent early, or fetched again when that attempt failed transiently.</summary>
    public Task<PageBody> TakeEarlyAsync(Task<PageBody> early, string dataset, int page, Uri uri, FetchStatistics statistics, CancellationToken cancellationToken) =>
        http.TakeEarlyAsync(early, What(dataset, page), dataset, page, uri, statistics, ReadPageAsync, cancellationToken);

    private static string What(string dataset, int page) => $"UNHCR {dataset}, page {page}";

    private static async ValueTask<PageBody> ReadPageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            throw new SourceException($"GET {response.RequestMessage?.RequestUri} returned HTTP {status} {response.ReasonPhrase}; not retried.");
        }

        var body = await SourceHttpClient.ReadBodyAsync(response.Content, cancellationToken);
        if (JsonBody.Problem(body.Content.Span) is { } problem)
        {
            body.Dispose();
            throw new TransientResponseException($"HTTP {status} with a body that is {problem}", status);
        }

        return body;
    }
}
