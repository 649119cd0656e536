using System.Text;
using Ingestion.Testing.FakeUnhcr;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// Writes the fake's answers: the SDMX-CSV download with its headers, SOAP faults and other small bodies. A body is
/// streamed into the response, except under a Truncated fault, which needs the whole body to send half of it.
/// </summary>
internal static class EurostatResponses
{
    public static Task SendCsvAsync(HttpContext http, IEurostatFlow flow, EurostatQuery query, bool compressed, FakeFault? fault)
    {
        NameDownload(http, flow, compressed);
        (string, string)? rename = fault is { Kind: FakeFaultKind.RenameField, From: { } from, To: { } to } ? (from, to) : null;
        return SendAsync(http, 200, SdmxCsv.ContentType, (body, cancel) => SdmxCsv.WriteAsync(body, flow, query, compressed, rename, cancel), fault);
    }

    /// <summary>A download rendered before (<see cref="RenderedBodies"/>), sent without a length, as Eurostat streams it.</summary>
    public static Task SendCsvAsync(HttpContext http, IEurostatFlow flow, bool compressed, byte[] rendered)
    {
        NameDownload(http, flow, compressed);
        return SendAsync(http, 200, SdmxCsv.ContentType, (body, cancel) => body.WriteAsync(rendered, cancel).AsTask(), fault: null);
    }

    private static void NameDownload(HttpContext http, IEurostatFlow flow, bool compressed)
    {
        var file = $"estat_{flow.Definition.Id}_en.csv" + (compressed ? ".gz" : "");
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file}\"";
    }

    public static Task SendFaultAsync(HttpContext http, int status, int code, string text, FakeFault? fault) =>
        SendAsync(http, status, SoapMessages.ContentType, SoapMessages.Fault(code, text), fault);

    public static Task SendAsync(HttpContext http, int status, string contentType, string body, FakeFault? fault) =>
        SendAsync(http, status, contentType, Encoding.UTF8.GetBytes(body), fault);

    public static Task SendAsync(HttpContext http, int status, string contentType, byte[] body, FakeFault? fault)
    {
        http.Response.ContentLength = fault?.Kind == FakeFaultKind.Truncated ? body.Length / 2 : body.Length;
        return SendAsync(http, status, contentType, (stream, cancel) => stream.WriteAsync(body, cancel).AsTask(), fault);
    }

    /// <summary>Streams the body into the response, or, for a Truncated fault, buffers it and sends its first half.</summary>
    public static async Task SendAsync(HttpContext http, int status, string contentType, Func<Stream, CancellationToken, Task> write, FakeFault? fault)
    {
        var response = http.Response;
        var cancel = http.RequestAborted;
        response.StatusCode = status;
        response.ContentType = contentType;
        if (fault?.Kind != FakeFaultKind.Truncated)
        {
            await write(response.Body, cancel);
            return;
        }

        using var buffer = new MemoryStream();
        await write(buffer, cancel);
        var half = buffer.GetBuffer().AsMemory(0, (int)buffer.Length / 2);
        response.ContentLength = half.Length;
        await response.Body.WriteAsync(half, cancel);
    }
}
