using Ingestion.Core.Ports;
using Ingestion.Sources.Http;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// Eurostat's dissemination API as the sources use it (DESIGN §3b): the table of contents, a flow's structure, and a
/// data request answered synchronously, queued (polled until available, within <c>AsyncTimeout</c>), refused as too
/// big, or empty. Transport faults and 5xx are retried by the publisher's pipeline underneath.
/// </summary>
internal sealed class EurostatClient(SourceHttpClient http, EurostatSourceOptions options, TimeProvider timeProvider)
{
    private readonly EurostatUris _uris = new(new Uri(options.BaseAddress));

    public EurostatUris Uris => _uris;

    public async Task<TableOfContentsEntry?> TableOfContentsAsync(EurostatFlow flow, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        using var body = await http.GetAsync($"Eurostat {flow.Dataset.Name}, table of contents", flow.Dataset.Name, 0, _uris.TableOfContents, statistics, ReadOkAsync, cancellationToken);
        return TableOfContentsEntry.Find(body.Content.Span, flow.Code, flow.Dataset.Name);
    }

    public async Task<DataStructure> StructureAsync(EurostatFlow flow, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        using var body = await http.GetAsync($"Eurostat {flow.Dataset.Name}, data structure", flow.Dataset.Name, 0, _uris.Structure(flow.Code), statistics, ReadOkAsync, cancellationToken);
        return DataStructure.Parse(body.Content.Span, flow.Dataset.Name);
    }

    public async Task<DataReply> DataAsync(EurostatFlow flow, Uri uri, int page, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        var what = $"Eurostat {flow.Dataset.Name}, request {page}";
        var deadline = timeProvider.GetUtcNow() + options.AsyncTimeout;
        while (true)
        {
            var reply = await http.GetAsync(what, flow.Dataset.Name, page, uri, statistics, ReadDataAsync, cancellationToken);
            if (reply is not DataReply.Queued queued)
            {
                return reply;
            }

            // An extraction that expired before we fetched it is submitted again, within the same deadline.
            if (await AwaitQueuedAsync(what, flow, queued.Id, page, deadline, statistics, cancellationToken) is { } data)
            {
                return data;
            }
        }
    }

    private async Task<DataReply?> AwaitQueuedAsync(
        string what, EurostatFlow flow, string id, int page, DateTimeOffset deadline, FetchStatistics statistics, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (timeProvider.GetUtcNow() >= deadline)
            {
                throw new SourceException($"{what}: queued extraction {id} was not available within {options.AsyncTimeout} (AsyncTimeout).");
            }

            await Task.Delay(options.AsyncPollInterval, timeProvider, cancellationToken);
            var status = await http.GetAsync(what, flow.Dataset.Name, page, _uris.AsyncStatus(id), statistics, ReadXmlAsync, cancellationToken);
            switch (status.Status)
            {
                case "SUBMITTED" or "PROCESSING":
                    continue;
                case "EXPIRED":
                    return null;
                case "AVAILABLE":
                    var uri = _uris.AsyncData(id);
                    if (await http.GetAsync(what, flow.Dataset.Name, page, uri, statistics, ReadQueuedDataAsync, cancellationToken) is { } data)
                    {
                        return data;
                    }

                    continue; // DATA_NOT_YET_AVAILABLE: poll again
                default:
                    throw new SourceException($"{what}: queued extraction {id} ended {status.Describe()}.");
            }
        }
    }

    private static async ValueTask<PageBody> ReadOkAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await PermanentAsync(response, cancellationToken);
        }

        return await SourceHttpClient.ReadBodyAsync(response.Content, cancellationToken);
    }

    private static async ValueTask<SoapReply> ReadXmlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var body = await SourceHttpClient.ReadBodyAsync(response.Content, cancellationToken);
        var reply = SoapReply.Parse(body.Content.Span);
        if (reply is null)
        {
            throw new TransientResponseException($"HTTP {(int)response.StatusCode} with a body that is not XML", (int)response.StatusCode);
        }

        return response.IsSuccessStatusCode ? reply : throw new SourceException($"GET {response.RequestMessage?.RequestUri} returned HTTP {(int)response.StatusCode}: {reply.Describe()}");
    }

    private static async ValueTask<DataReply> ReadDataAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (status, data, reply) = await ReadGzipOrXmlAsync(response, cancellationToken);
        if (data is not null)
        {
            return data;
        }

        return (status, reply) switch
        {
            (200, { QueuedId: { } id }) => new DataReply.Queued(id),
            (200, _) => throw new TransientResponseException("HTTP 200 with a body that is neither gzip data nor a queued reply", status),
            (413, _) => new DataReply.TooBig(reply?.Describe() ?? "HTTP 413"),
            (404, { IsNoResults: true }) => new DataReply.Empty(),
            _ => throw new SourceException(
                $"GET {response.RequestMessage?.RequestUri} returned HTTP {status} {response.ReasonPhrase}: {reply?.Describe() ?? "no SOAP fault"}; not retried."),
        };
    }

    /// <summary>The data of an AVAILABLE extraction, or null when Eurostat says it is not ready after all.</summary>
    private static async ValueTask<DataReply.Data?> ReadQueuedDataAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (status, data, reply) = await ReadGzipOrXmlAsync(response, cancellationToken);
        return data ?? (reply is { IsDataNotYetAvailable: true }
            ? null
            : throw new SourceException($"GET {response.RequestMessage?.RequestUri} returned HTTP {status}: {reply?.Describe() ?? "neither gzip data nor a SOAP fault"}; not retried."));
    }

    /// <summary>
    /// A 200 gzip body, checked whole (a body cut short is retried like a 5xx), or else the SOAP reply in its place
    /// (null when it is not XML either).
    /// </summary>
    private static async ValueTask<(int Status, DataReply.Data? Data, SoapReply? Reply)> ReadGzipOrXmlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await SourceHttpClient.ReadBodyAsync(response.Content, cancellationToken);
        if (status == 200 && GzipBody.IsGzip(body.Content.Span))
        {
            if (GzipBody.Problem(body.Content) is { } problem)
            {
                body.Dispose();
                throw new TransientResponseException($"HTTP {status} with a body that is {problem}", status);
            }

            return (status, new DataReply.Data(response.RequestMessage!.RequestUri!, body), null);
        }

        using (body)
        {
            return (status, null, SoapReply.Parse(body.Content.Span));
        }
    }

    private static async Task<SourceException> PermanentAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var body = await SourceHttpClient.ReadBodyAsync(response.Content, cancellationToken);
        var reply = SoapReply.Parse(body.Content.Span);
        return new SourceException(
            $"GET {response.RequestMessage?.RequestUri} returned HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(reply is null ? "" : ": " + reply.Describe())}; not retried.");
    }
}
