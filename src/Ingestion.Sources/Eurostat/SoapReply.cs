using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// The small XML replies Eurostat sends instead of data: a SOAP fault (<c>faultcode</c>, <c>faultstring</c>), a queued
/// extraction (<c>&lt;queued&gt;&lt;id&gt;</c>) and an asynchronous status (<c>SUBMITTED</c>, <c>AVAILABLE</c>, …).
/// Elements are found by local name: the namespace prefixes differ between replies.
/// </summary>
internal sealed record SoapReply(string? FaultCode, string? FaultString, string? QueuedId, string? Status)
{
    /// <summary>The reply, or null when the body is not XML at all (an HTML error page, say).</summary>
    public static SoapReply? Parse(ReadOnlySpan<byte> body)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(Encoding.UTF8.GetString(body));
        }
        catch (XmlException)
        {
            return null;
        }

        var elements = document.Descendants().ToList();
        string? Text(string localName) => elements.FirstOrDefault(e => e.Name.LocalName == localName && !e.HasElements)?.Value.Trim();
        var queued = elements.FirstOrDefault(e => e.Name.LocalName == "queued");
        var queuedId = queued?.Descendants().FirstOrDefault(e => e.Name.LocalName == "id")?.Value.Trim();
        return new SoapReply(Text("faultcode"), Text("faultstring"), queuedId, Text("status"));
    }

    /// <summary>Fault code 100 "No results found": the query matched no observation, an empty result.</summary>
    public bool IsNoResults => FaultCode == "100" && FaultString?.Contains("No results found", StringComparison.OrdinalIgnoreCase) == true;

    public bool IsDataNotYetAvailable => FaultString?.Contains("DATA_NOT_YET_AVAILABLE", StringComparison.Ordinal) == true;

    public string Describe() => FaultString ?? Status ?? "an XML reply without a fault or status";
}
