using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// Parses API pages (envelope <c>page, short-url, maxPages, total, items</c>) item by item: <see cref="Open"/> gives a
/// cursor that yields one row at a time, so a page's rows never pile up. Unknown or missing fields are schema drift;
/// unexpected values are format errors. One instance per fetch (not thread-safe): it keeps a cache of repeated strings.
/// </summary>
internal sealed class UnhcrPageParser
{
    private readonly UnhcrEndpoint _endpoint;
    private readonly PairItemReader _pairs;
    private readonly CountryItemReader _countries;

    public UnhcrPageParser(UnhcrEndpoint endpoint)
    {
        _endpoint = endpoint;
        var strings = new StringCache();
        _pairs = new PairItemReader(endpoint, strings);
        _countries = new CountryItemReader(endpoint, strings);
    }

    public UnhcrPageCursor Open(ReadOnlyMemory<byte> json, int requestedPage) =>
        new(json, new ParseScope(_endpoint.Dataset.Name, requestedPage), _endpoint.IsReference ? _countries.Read : _pairs.Read);

    /// <summary>The whole page at once (tests and small pages); the source streams with <see cref="Open"/>.</summary>
    public UnhcrPage Parse(ReadOnlyMemory<byte> json, int requestedPage)
    {
        var cursor = Open(json, requestedPage);
        var rows = new List<StatRow>();
        while (cursor.TryRead(out var row))
        {
            rows.Add(row);
        }

        return new UnhcrPage(cursor.Page, cursor.MaxPages, rows);
    }
}
