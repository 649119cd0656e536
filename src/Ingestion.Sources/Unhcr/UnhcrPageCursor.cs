using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

internal delegate StatRow ItemReader(ref Utf8JsonReader reader, in ParseScope scope);

/// <summary>
/// Walks one page's JSON, one item per <see cref="TryRead"/>: a fresh <see cref="Utf8JsonReader"/> resumes from the
/// saved offset and <see cref="JsonReaderState"/> each call, so rows can be yielded from async code as they are read.
/// <see cref="Page"/> and <see cref="MaxPages"/> are final once <see cref="TryRead"/> has returned false.
/// </summary>
internal sealed class UnhcrPageCursor(ReadOnlyMemory<byte> json, ParseScope scope, ItemReader readItem)
{
    private static readonly FieldSet Envelope = new(["page", "short-url", "maxPages", "total", "items"]);
    private JsonReaderState _state;
    private int _offset;
    private ulong _seen;
    private bool _started;
    private bool _inItems;
    private bool _done;

    public int Page { get; private set; }

    public int MaxPages { get; private set; }

    public bool TryRead([NotNullWhen(true)] out StatRow? row)
    {
        row = null;
        if (_done)
        {
            return false;
        }

        var reader = new Utf8JsonReader(json.Span[_offset..], isFinalBlock: true, _state);
        try
        {
            if (!_started)
            {
                _started = true;
                reader.Read();
                scope.Expect(ref reader, JsonTokenType.StartObject, "(envelope)");
            }

            while (true)
            {
                if (_inItems)
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.EndArray)
                    {
                        row = readItem(ref reader, scope);
                        Save(ref reader);
                        return true;
                    }

                    _inItems = false;
                }

                if (!ReadEnvelopeUntilItems(ref reader))
                {
                    _done = true;
                    // Nothing may follow the envelope (a second value is invalid JSON, so Read throws for it).
                    reader.Read();
                    return false;
                }
            }
        }
        catch (JsonException e)
        {
            _done = true;
            throw scope.Malformed($"not valid JSON: {e.Message}");
        }
    }

    /// <summary>Reads envelope fields; true when positioned at the start of <c>items</c>, false at the end of the envelope.</summary>
    private bool ReadEnvelopeUntilItems(ref Utf8JsonReader reader)
    {
        while (scope.NextField(ref reader, Envelope, ref _seen, out var index))
        {
            switch (index)
            {
                case 0: Page = scope.ReadInt(ref reader, "page"); break;
                case 2: MaxPages = scope.ReadInt(ref reader, "maxPages"); break;
                case 4:
                    scope.Expect(ref reader, JsonTokenType.StartArray, "items");
                    _inItems = true;
                    return true;
                default: reader.Skip(); break;
            }
        }

        return false;
    }

    private void Save(ref Utf8JsonReader reader)
    {
        _offset += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }
}
