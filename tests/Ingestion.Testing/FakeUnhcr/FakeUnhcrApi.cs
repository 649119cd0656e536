using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Ingestion.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Testing.FakeUnhcr;

/// <summary>
/// The UNHCR population API served over real HTTP on 127.0.0.1 from the real tables of a release
/// (<see cref="FakeUnhcrTable"/>): <c>/population/v1/{endpoint}/?coo_all=true&amp;coa_all=true[&amp;yearFrom&amp;yearTo]&amp;limit&amp;page</c>.
/// Like the live API: pages of <c>limit</c> items sorted by year, <c>maxPages</c> at that limit (0 when empty),
/// a year window only when both bounds are sent, unknown parameters ignored, 404 HTML for unknown paths.
/// Unlike it (to stay small and honest): without <c>coo_all</c>/<c>coa_all</c> (or, on demographics, without
/// <c>ptype_show</c> and the location flags) it answers 400 instead of summing; the default limit is 1000.
/// Faults are injected with <see cref="Inject"/>; <see cref="Requests"/> records every request.
/// </summary>
public sealed class FakeUnhcrApi(string release = FakeUnhcrTable.LatestRelease) : IAsyncDisposable
{
    private const int DefaultLimit = 1000;
    private static readonly string[] DemographicsFlags = ["ptype_show", "locationDescription_show", "locationUR_show", "locationAccType_show"];
    private readonly Lock _gate = new();
    private readonly List<ArmedFault> _faults = [];
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private LoopbackWebApp? _app;
    private Uri? _baseAddress;
    private int _faultsServed;

    /// <summary>
    /// The release folder served (<c>2025.12.1</c> or <c>2025.06.0</c>, or an absolute folder of one's own holding
    /// modified tables, as the end-to-end benchmark serves a revised release); may be switched while running.
    /// </summary>
    public string Release { get; set; } = release;

    /// <summary>Serve each table this many times over (for memory benchmarks with many pages). Default 1.</summary>
    public int Repeat { get; set; } = 1;

    /// <summary>The address Kestrel binds: loopback for tests; <c>0.0.0.0</c> inside a container (tests/Ingestion.FakeApis).</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 (the default) takes a free one.</summary>
    public int Port { get; init; }

    /// <summary>The API root, e.g. <c>http://127.0.0.1:50123/population/v1/</c>.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("Call StartAsync first.");

    public IReadOnlyCollection<FakeRequest> Requests => _requests;

    /// <summary>Called for every request before it is served (e.g. to switch <see cref="Release"/> mid-fetch).</summary>
    public Action<FakeRequest>? OnRequest { get; set; }

    /// <summary>Awaited for every request before it is served (e.g. to restart the database at a chosen page).</summary>
    public Func<FakeRequest, Task>? BeforeServing { get; set; }

    public int FaultsServed => Volatile.Read(ref _faultsServed);

    /// <summary>Arms a fault for the next <paramref name="times"/> requests that match <paramref name="when"/> (default: any).</summary>
    public void Inject(FakeFault fault, int times = 1, Func<FakeRequest, bool>? when = null)
    {
        lock (_gate)
        {
            _faults.Add(new ArmedFault(fault, times, when ?? (_ => true)));
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _app = await LoopbackWebApp.StartAsync(app => app.MapGet("/population/v1/{endpoint}/", HandleAsync), cancellationToken, ListenAddress, Port);
        _baseAddress = new Uri(_app.Address, "population/v1/");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext http, string endpoint)
    {
        var query = http.Request.Query;
        var limit = Int(query["limit"]) is > 0 and var l ? l : DefaultLimit;
        var page = Int(query["page"]) is > 0 and var p ? p : 1;
        var request = new FakeRequest(endpoint, http.Request.QueryString.Value ?? "", limit, page);
        _requests.Enqueue(request);
        OnRequest?.Invoke(request);
        if (BeforeServing is { } beforeServing)
        {
            await beforeServing(request);
        }

        var fault = TakeFault(request);
        var response = http.Response;
        var cancel = http.RequestAborted;

        switch (fault?.Kind)
        {
            case FakeFaultKind.Status:
                response.StatusCode = fault.StatusCode;
                return;
            case FakeFaultKind.RetryAfterSeconds:
                response.StatusCode = 429;
                response.Headers.RetryAfter = ((int)fault.Delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return;
            case FakeFaultKind.RetryAfterDate:
                response.StatusCode = 429;
                response.Headers.RetryAfter = DateTimeOffset.UtcNow.Add(fault.Delay).ToString("R", CultureInfo.InvariantCulture);
                return;
            case FakeFaultKind.Reset:
                http.Abort();
                return;
            case FakeFaultKind.Html:
                await WriteAsync(response, 200, "text/html", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"u8.ToArray(), cancel);
                return;
            case FakeFaultKind.Slow:
                await Task.Delay(fault.Delay, cancel);
                break;
        }

        if (!FakeUnhcrTable.Endpoints.TryGetValue(endpoint, out var entry))
        {
            await WriteAsync(response, 404, "text/html", "<html><body>Not Found</body></html>"u8.ToArray(), cancel);
            return;
        }

        if (entry.Dataset.HasPeriod && (query["coo_all"] != "true" || query["coa_all"] != "true"
            || (endpoint == "demographics" && DemographicsFlags.Any(f => string.IsNullOrEmpty(query[f])))))
        {
            await WriteAsync(response, 400, "text/plain", "The fake UNHCR API serves only the full matrix (coo_all, coa_all; on demographics ptype_show and the location flags)."u8.ToArray(), cancel);
            return;
        }

        var table = FakeUnhcrTable.Load(Release, endpoint);
        var range = !entry.Dataset.HasPeriod ? table.Range(null, null) : table.Range(Int(query["yearFrom"]), Int(query["yearTo"]));
        if (fault is null || fault.Kind == FakeFaultKind.Slow)
        {
            // Streamed straight into the response (pooled pipe buffers), so serving many pages does not churn memory.
            response.ContentType = "application/json";
            response.ContentLength = table.PageLength(range, limit, page, Repeat);
            table.WritePage(response.BodyWriter, range, limit, page, Repeat);
            await response.BodyWriter.FlushAsync(cancel);
            return;
        }

        var body = new ArrayBufferWriter<byte>();
        table.WritePage(body, range, limit, page, Repeat);
        await WriteAsync(response, 200, "application/json", Apply(fault, body.WrittenMemory), cancel);
    }

    private static ReadOnlyMemory<byte> Apply(FakeFault? fault, ReadOnlyMemory<byte> body) => fault?.Kind switch
    {
        FakeFaultKind.Truncated => body[..(body.Length / 2)],
        FakeFaultKind.RenameField => Encoding.UTF8.GetBytes(
            Encoding.UTF8.GetString(body.Span).Replace($"\"{fault.From}\":", $"\"{fault.To}\":", StringComparison.Ordinal)),
        _ => body,
    };

    private static async Task WriteAsync(HttpResponse response, int status, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }

    private FakeFault? TakeFault(FakeRequest request)
    {
        lock (_gate)
        {
            var armed = _faults.FirstOrDefault(f => f.Remaining > 0 && f.When(request));
            if (armed is null)
            {
                return null;
            }

            armed.Remaining--;
            _faultsServed++;
            return armed.Fault;
        }
    }

    private static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    private sealed class ArmedFault(FakeFault fault, int times, Func<FakeRequest, bool> when)
    {
        public FakeFault Fault { get; } = fault;

        public Func<FakeRequest, bool> When { get; } = when;

        public int Remaining { get; set; } = times;
    }
}
