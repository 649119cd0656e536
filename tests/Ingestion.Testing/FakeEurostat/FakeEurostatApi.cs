using System.Collections.Concurrent;
using System.Globalization;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// Eurostat's dissemination API (DESIGN.md §3b, EUROSTAT-API.md) served over real HTTP on 127.0.0.1, for the tests
/// of the Eurostat source: SDMX-CSV data (gzip, no Content-Encoding) with the size rules (413 above
/// <see cref="MaxObservations"/>, queued above <see cref="QueueAbove"/>), the asynchronous status and download,
/// the table of contents and the data structure. What it serves per flow is an <see cref="IEurostatFlow"/>,
/// swapped whole with <see cref="Serve"/> to publish a release. Faults are injected with <see cref="Inject"/>
/// (the UNHCR fake's <see cref="FakeFault"/>: here Truncated cuts the body, gzip or not, in half and RenameField
/// renames a CSV header column); <see cref="Requests"/> records every request to the API's paths.
/// Unlike the live API (to stay small): only <c>format=SDMX-CSV</c> (anything else is a 400 fault 140), no
/// <c>detail</c>/<c>firstNObservations</c>, and a download whose status expired answers UNKNOWN_REQUEST.
/// </summary>
public sealed class FakeEurostatApi : IAsyncDisposable
{
    /// <summary>The path of the API root on the live host (<c>https://ec.europa.eu/eurostat/api/dissemination/</c>).</summary>
    public const string RootPath = "eurostat/api/dissemination/";

    private readonly ConcurrentDictionary<string, IEurostatFlow> _flows = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, QueuedExtraction> _queued = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<FakeEurostatRequest> _requests = new();
    private readonly ArmedFaults _faults = new();
    private readonly RenderedBodies _rendered = new();
    private LoopbackWebApp? _app;
    private Uri? _baseAddress;

    public FakeEurostatApi(params IEurostatFlow[] flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        foreach (var flow in flows)
        {
            Serve(flow);
        }
    }

    /// <summary>A request estimated above this many observations answers 413 EXTRACTION_TOO_BIG. Default 5,000,000, as live.</summary>
    public long MaxObservations { get; set; } = 5_000_000;

    /// <summary>A request above this many observations (and within <see cref="MaxObservations"/>) is queued; null (the default) never.</summary>
    public long? QueueAbove { get; set; }

    /// <summary>Queue every data request, as Eurostat does under load (its fair-use rules).</summary>
    public bool QueueEverything { get; set; }

    /// <summary>Status polls that see SUBMITTED then PROCESSING before AVAILABLE. Default 2; 0 makes a queued extraction available at once.</summary>
    public int PollsUntilAvailable { get; set; } = 2;

    /// <summary>Queued extractions end EXPIRED instead of AVAILABLE, and cannot be downloaded.</summary>
    public bool ExpireQueued { get; set; }

    /// <summary>The address Kestrel binds: loopback for tests; <c>0.0.0.0</c> inside a container.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 (the default) takes a free one.</summary>
    public int Port { get; init; }

    /// <summary>The API root, e.g. <c>http://127.0.0.1:50123/eurostat/api/dissemination/</c>.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("Call StartAsync first.");

    public IReadOnlyCollection<FakeEurostatRequest> Requests => _requests;

    /// <summary>Called for every request before it is served (e.g. to publish a release mid-fetch).</summary>
    public Action<FakeEurostatRequest>? OnRequest { get; set; }

    public int FaultsServed => _faults.Served;

    /// <summary>
    /// Render each distinct data answer of a served release once and send the stored bytes afterwards (still chunked,
    /// as Eurostat sends them). For benchmarks: generating and compressing millions of observations costs the fake as
    /// much CPU as the measured process spends reading them, on the same cores, where a real server's work is not on
    /// the user's machine at all. A benchmark requests each answer once before it starts timing.
    /// </summary>
    public bool CacheBodies { get; set; }

    /// <summary>The flows currently served.</summary>
    public IReadOnlyCollection<IEurostatFlow> Flows => [.. _flows.Values];

    /// <summary>Serves this release of its flow from the next request on, replacing the previous one.</summary>
    public void Serve(IEurostatFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _flows[flow.Definition.Id] = flow;
    }

    /// <summary>Stops serving a flow: it becomes an unknown dataflow.</summary>
    public bool Withdraw(string flowId) => _flows.TryRemove(flowId, out _);

    /// <summary>Arms a fault for the next <paramref name="times"/> requests that match <paramref name="when"/> (default: any).</summary>
    public void Inject(FakeFault fault, int times = 1, Func<FakeEurostatRequest, bool>? when = null) => _faults.Add(fault, times, when);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _app = await LoopbackWebApp.StartAsync(MapRoutes, cancellationToken, ListenAddress, Port);
        _baseAddress = new Uri(_app.Address, RootPath);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private void MapRoutes(WebApplication app)
    {
        var api = app.MapGroup("/" + RootPath.TrimEnd('/'));
        api.MapGet("sdmx/2.1/data/{flow}/{key?}", HandleDataAsync);
        api.MapGet("1.0/async/status/{id}", HandleStatusAsync);
        api.MapGet("1.0/async/data/{id}", HandleAsyncDataAsync);
        api.MapGet("catalogue/toc/txt", HandleTocAsync);
        api.MapGet("sdmx/2.1/datastructure/ESTAT/{id}", HandleStructureAsync);
    }

    private async Task HandleDataAsync(HttpContext http, string flow, string? key)
    {
        var query = http.Request.Query;
        var request = new FakeEurostatRequest(FakeEurostatRequestKind.Data, flow, key, query["startPeriod"], query["endPeriod"], RawTarget(http));
        var (done, fault) = await BeginAsync(http, request);
        if (done)
        {
            return;
        }

        if (!_flows.TryGetValue(flow, out var content))
        {
            await EurostatResponses.SendFaultAsync(http, 404, 100, $"Dataflow {flow.ToUpperInvariant()} does not exist or is not readable", fault);
            return;
        }

        if (!string.Equals(query["format"], "SDMX-CSV", StringComparison.OrdinalIgnoreCase))
        {
            await EurostatResponses.SendFaultAsync(http, 400, 140, $"Syntax error: the fake serves format=SDMX-CSV only, not '{query["format"]}'.", fault);
            return;
        }

        EurostatQuery filter;
        try
        {
            filter = EurostatQuery.Parse(key, content.Definition.Dimensions.Count, request.StartPeriod, request.EndPeriod);
        }
        catch (FormatException e)
        {
            await EurostatResponses.SendFaultAsync(http, 400, 140, "Syntax error: " + e.Message, fault);
            return;
        }

        var count = content.Count(filter);
        var compressed = string.Equals(query["compressed"], "true", StringComparison.OrdinalIgnoreCase);
        if (count > MaxObservations)
        {
            await EurostatResponses.SendAsync(http, 413, SoapMessages.ContentType, SoapMessages.TooBig(count, MaxObservations), fault);
        }
        else if (count == 0)
        {
            await EurostatResponses.SendFaultAsync(http, 404, 100, "No results found", fault);
        }
        else if (QueueEverything || count > QueueAbove)
        {
            var extraction = new QueuedExtraction(Guid.NewGuid().ToString(), content, filter, compressed, request);
            _queued[extraction.Id] = extraction;
            await EurostatResponses.SendAsync(http, 200, SoapMessages.ContentType, SoapMessages.Queued(extraction.Id), fault);
        }
        else if (CacheBodies && fault is null)
        {
            await EurostatResponses.SendCsvAsync(http, content, compressed, await _rendered.GetAsync(content, filter, compressed));
        }
        else
        {
            await EurostatResponses.SendCsvAsync(http, content, filter, compressed, fault);
        }
    }

    private async Task HandleStatusAsync(HttpContext http, string id)
    {
        var extraction = _queued.GetValueOrDefault(id);
        var (done, fault) = await BeginAsync(http, AsyncRequest(FakeEurostatRequestKind.Status, http, id, extraction));
        if (done)
        {
            return;
        }

        if (extraction is null)
        {
            await EurostatResponses.SendFaultAsync(http, 400, 100, "UNKNOWN_REQUEST: Unknown request.", fault);
            return;
        }

        await EurostatResponses.SendAsync(http, 200, SoapMessages.ContentType, SoapMessages.Status(extraction.Id, extraction.Poll(PollsUntilAvailable, ExpireQueued)), fault);
    }

    private async Task HandleAsyncDataAsync(HttpContext http, string id)
    {
        var extraction = _queued.GetValueOrDefault(id);
        var (done, fault) = await BeginAsync(http, AsyncRequest(FakeEurostatRequestKind.AsyncData, http, id, extraction));
        if (done)
        {
            return;
        }

        if (extraction is null || ExpireQueued)
        {
            await EurostatResponses.SendFaultAsync(http, 400, 100, "UNKNOWN_REQUEST: Unknown request.", fault);
        }
        else if (!extraction.IsAvailable(PollsUntilAvailable, ExpireQueued))
        {
            await EurostatResponses.SendFaultAsync(http, 400, 100, "DATA_NOT_YET_AVAILABLE: Requested data is not yet available for download. Check the status of your request.", fault);
        }
        else
        {
            await EurostatResponses.SendCsvAsync(http, extraction.Flow, extraction.Query, extraction.Compressed, fault);
        }
    }

    private async Task HandleTocAsync(HttpContext http)
    {
        var (done, fault) = await BeginAsync(http, new FakeEurostatRequest(FakeEurostatRequestKind.Toc, null, null, null, null, RawTarget(http)));
        if (!done)
        {
            await EurostatResponses.SendAsync(http, 200, EurostatToc.ContentType, EurostatToc.Write(_flows.Values), fault);
        }
    }

    private async Task HandleStructureAsync(HttpContext http, string id)
    {
        var (done, fault) = await BeginAsync(http, new FakeEurostatRequest(FakeEurostatRequestKind.Structure, id, null, null, null, RawTarget(http)));
        if (done)
        {
            return;
        }

        if (_flows.TryGetValue(id, out var content))
        {
            await EurostatResponses.SendAsync(http, 200, SdmxStructure.ContentType, SdmxStructure.Write(content), fault);
        }
        else
        {
            await EurostatResponses.SendFaultAsync(http, 404, 100, $"Dataflow {id.ToUpperInvariant()} does not exist or is not readable", fault);
        }
    }

    /// <summary>Records the request and applies a fault that replaces the answer; true when the answer is done.</summary>
    private async Task<(bool Done, FakeFault? Fault)> BeginAsync(HttpContext http, FakeEurostatRequest request)
    {
        _requests.Enqueue(request);
        OnRequest?.Invoke(request);
        var fault = _faults.Take(request);
        var response = http.Response;
        switch (fault?.Kind)
        {
            case FakeFaultKind.Status:
                response.StatusCode = fault.StatusCode;
                return (true, fault);
            case FakeFaultKind.RetryAfterSeconds:
                response.StatusCode = 429;
                response.Headers.RetryAfter = ((int)fault.Delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return (true, fault);
            case FakeFaultKind.RetryAfterDate:
                response.StatusCode = 429;
                response.Headers.RetryAfter = DateTimeOffset.UtcNow.Add(fault.Delay).ToString("R", CultureInfo.InvariantCulture);
                return (true, fault);
            case FakeFaultKind.Reset:
                http.Abort();
                return (true, fault);
            case FakeFaultKind.Html:
                await EurostatResponses.SendAsync(http, 200, "text/html", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", null);
                return (true, fault);
            case FakeFaultKind.Slow:
                await Task.Delay(fault.Delay, http.RequestAborted);
                return (false, fault);
            default:
                return (false, fault);
        }
    }

    private static FakeEurostatRequest AsyncRequest(FakeEurostatRequestKind kind, HttpContext http, string id, QueuedExtraction? extraction) =>
        new(kind, extraction?.Request.Flow, extraction?.Request.Key, extraction?.Request.StartPeriod, extraction?.Request.EndPeriod, RawTarget(http), id);

    private static string RawTarget(HttpContext http) =>
        http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path + http.Request.QueryString;
}
