using System.Text.Json;
using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// Parses one API page (envelope <c>page, short-url, maxPages, total, items</c>) item by item with
/// <see cref="Utf8JsonReader"/>. Unknown or missing fields are schema drift; unexpected values are format errors.
/// One instance per fetch (not thread-safe): it keeps a cache of repeated strings.
/// </summary>
internal sealed class UnhcrPageParser
{
    private static readonly FieldSet Envelope = new(["page", "short-url", "maxPages", "total", "items"]);
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

    public UnhcrPage Parse(ReadOnlySpan<byte> json, int requestedPage)
    {
        var scope = new ParseScope(_endpoint.Dataset.Name, requestedPage);
        try
        {
            return ParseEnvelope(json, scope);
        }
        catch (JsonException e)
        {
            throw scope.Format("(body)", $"is not valid JSON: {e.Message}");
        }
    }

    private UnhcrPage ParseEnvelope(ReadOnlySpan<byte> json, ParseScope scope)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        scope.Expect(ref reader, JsonTokenType.StartObject, "(envelope)");
        var rows = new List<StatRow>();
        int page = 0, maxPages = 0;
        var seen = 0UL;
        while (scope.NextField(ref reader, Envelope, ref seen, out var index))
        {
            switch (index)
            {
                case 0: page = scope.ReadInt(ref reader, "page"); break;
                case 2: maxPages = scope.ReadInt(ref reader, "maxPages"); break;
                case 4: ReadItems(ref reader, scope, rows); break;
                default: reader.Skip(); break;
            }
        }

        return new UnhcrPage(page, maxPages, rows);
    }

    private void ReadItems(ref Utf8JsonReader reader, ParseScope scope, List<StatRow> rows)
    {
        scope.Expect(ref reader, JsonTokenType.StartArray, "items");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            rows.Add(_endpoint.IsReference ? _countries.Read(ref reader, scope) : _pairs.Read(ref reader, scope));
        }
    }
}
