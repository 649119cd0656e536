using System.Security;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// The XML bodies of the dissemination API's refusals and of its asynchronous protocol (EUROSTAT-API.md §5–§6,
/// DESIGN.md §3b), verbatim in shape: a SOAP fault with an SDMX fault code, the <c>queued</c> sync response,
/// and the async status envelope.
/// </summary>
internal static class SoapMessages
{
    public const string ContentType = "text/xml";

    public static string Fault(int code, string text) =>
        $"""<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>{code}</faultcode><faultstring>{SecurityElement.Escape(text)}</faultstring></S:Fault>""";

    public static string TooBig(long estimated, long max) =>
        Fault(413, $"EXTRACTION_TOO_BIG: The requested extraction is too big, estimated {estimated} rows, max authorised is {max}, please change your filters to reduce the extraction size");

    public static string Queued(string id) =>
        $"""<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/><env:Body><ns0:syncResponse xmlns:ns0="http://estat.ec.europa.eu/disschain/soap/extraction"><dataResponse><queued><id>{id}</id><status>SUBMITTED</status></queued></dataResponse></ns0:syncResponse></env:Body></env:Envelope>""";

    public static string Status(string id, string status) =>
        $"""<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns0:asyncResponse xmlns:ns1="http://estat.ec.europa.eu/disschain/asynchronous" xmlns:ns0="http://estat.ec.europa.eu/disschain/soap/asynchronous"><ns1:status><ns1:key>{id}</ns1:key><ns1:status>{status}</ns1:status></ns1:status></ns0:asyncResponse></S:Body></S:Envelope>""";
}
