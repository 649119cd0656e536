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
            if (reply is not Queued queued)
            {
                return reply.Reply!;
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
                    var reply = await http.GetAsync(what, flow.Dataset.Name, page, uri, statistics, ReadQueuedDataAsync, cancellationToken);
                    if (reply is not null)
                    {
                        return new DataReply.Data(uri, reply);
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

    private static async ValueTask<Answer> ReadDataAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await SourceHttpClient.ReadBodyAsync(response.Content, cancellationToken);
        if (status == 200 && GzipBody.IsGzip(body.Content.Span))
        {
            return new Answer(Checked(body, status, response.RequestMessage!.RequestUri!));
        }

        using (body)
        {
            var reply = SoapReply.Parse(body.Content.Span);
            return (status, reply) switch
            {
                (200, { QueuedId: { } id }) => new Queued(id),
                (200, _) => throw new TransientResponseException("HTTP 200 with a body that is neither gzip data nor a queued reply", status),
                (413, _) => new Answer(new DataReply.TooBig(reply?.Describe() ?? "HTTP 413")),
                (404, { IsNoResults: true }) => new Answer(new DataReply.Empty()),
                _ => throw new SourceException(
                    $"GET {response.RequestMessage?.RequestUri} returned HTTP {status} {response.ReasonPhrase}: {reply?.Describe() ?? "no SOAP fault"}; not retried."),
            };
        }
    }

    /// <summary>The data of an AVAILABLE extraction, or null when Eurostat says it is not ready after all.</summary>
    private static async ValueTask<PageBody?> ReadQueuedDataAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await SourceHttpClient.ReadBodyAsync(response.Content, cancellationToken);
        if (status == 200 && GzipBody.IsGzip(body.Content.Span))
        {
            return Checked(body, status, response.RequestMessage!.RequestUri!).Body;
        }

        using (body)
        {
            var reply = SoapReply.Parse(body.Content.Span);
            return reply is { IsDataNotYetAvailable: true }
                ? null
                : throw new SourceException($"GET {response.RequestMessage?.RequestUri} returned HTTP {status}: {reply?.Describe() ?? "neither gzip data nor a SOAP fault"}; not retried.");
        }
    }

    private static DataReply.Data Checked(PageBody body, int status, Uri uri)
    {
        if (GzipBody.Problem(body.Content) is { } problem)
        {
            body.Dispose();
            throw new TransientResponseException($"HTTP {status} with a body that is {problem}", status);
        }

        return new DataReply.Data(uri, body);
    }

    private static async Task<SourceException> PermanentAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var body = await SourceHttpClient.ReadBodyAsync(response.Content, cancellationToken);
        var reply = SoapReply.Parse(body.Content.Span);
        return new SourceException(
            $"GET {response.RequestMessage?.RequestUri} returned HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(reply is null ? "" : ": " + reply.Describe())}; not retried.");
    }

    /// <summary>A data request's first answer: a final reply, or an extraction queued under <see cref="Queued.Id"/>.</summary>
    private record Answer(DataReply? Reply);

    private sealed record Queued(string Id) : Answer((DataReply?)null);
}
