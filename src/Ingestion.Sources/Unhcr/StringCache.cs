using System.Text.Json;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// Turns JSON string values into unescaped, trimmed .NET strings, keyed by their raw UTF-8 bytes so a repeated
/// value (codes and names repeat on every row) costs one hash and one compare: no decoding, no new string.
/// Open addressing over a fixed table; at most <see cref="MaxEntries"/> distinct values are kept (bounded memory).
/// </summary>
internal sealed class StringCache
{
    private const int MaxEntries = 16_384;
    private const int Slots = MaxEntries * 2;
    private const int Mask = Slots - 1;
    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly int[] _hashes = new int[Slots];
    private readonly string[] _values = new string[Slots];
    private int _count;

    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence)
        {
            return (reader.GetString() ?? "").Trim();
        }

        var raw = reader.ValueSpan;
        var hash = Hash(raw);
        var slot = hash & Mask;
        while (_keys[slot] is { } key)
        {
            if (_hashes[slot] == hash && raw.SequenceEqual(key))
            {
                return _values[slot];
            }

            slot = (slot + 1) & Mask;
        }

        var text = (reader.GetString() ?? "").Trim();
        if (_count < MaxEntries)
        {
            _keys[slot] = raw.ToArray();
            _hashes[slot] = hash;
            _values[slot] = text;
            _count++;
        }

        return text;
    }

    /// <summary>FNV-1a: values are short (codes, names), so a simple byte loop beats setting up a vectorized hash.</summary>
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }
}
