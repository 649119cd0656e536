using Ingestion.Sources.Http;

namespace Ingestion.Sources.Eurostat;

/// <summary>How Eurostat answered one data request (<see cref="Queued"/> only until the client has waited it out).</summary>
internal abstract record DataReply
{
    /// <summary>The gzip SDMX-CSV body (owned by the receiver: dispose it).</summary>
    public sealed record Data(Uri Uri, PageBody Body) : DataReply;

    /// <summary>404 with fault 100 "No results found": nothing matched, which is not a failure.</summary>
    public sealed record Empty : DataReply;

    /// <summary>413 <c>EXTRACTION_TOO_BIG</c>: the request must be split.</summary>
    public sealed record TooBig(string Fault) : DataReply;

    /// <summary>200 with a SOAP <c>queued</c> reply: the extraction is asynchronous, under this id.</summary>
    public sealed record Queued(string Id) : DataReply;
}
