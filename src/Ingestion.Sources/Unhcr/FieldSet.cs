using System.Text;
using System.Text.Json;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// The known property names of a JSON object, matched against the reader's raw UTF-8 name without allocating.
/// Fields arrive in a fixed order, so the caller passes the expected index as a hint and the match is usually one compare.
/// </summary>
internal sealed class FieldSet
{
    private readonly byte[][] _utf8;

    public FieldSet(IReadOnlyList<string> names)
    {
        if (names.Count > 64)
        {
            throw new ArgumentException("A field set tracks at most 64 fields.", nameof(names));
        }

        Names = names;
        _utf8 = [.. names.Select(Encoding.UTF8.GetBytes)];
        AllMask = names.Count == 64 ? ulong.MaxValue : (1UL << names.Count) - 1;
    }

    public IReadOnlyList<string> Names { get; }

    public ulong AllMask { get; }

    public int Count => Names.Count;

    /// <summary>Index of the property name the reader is on, or -1 when it is not a known field.</summary>
    public int IndexOf(ref Utf8JsonReader reader, int hint)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            var name = reader.GetString();
            for (var i = 0; i < Names.Count; i++)
            {
                if (string.Equals(Names[i], name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        var span = reader.ValueSpan;
        if ((uint)hint < (uint)_utf8.Length && span.SequenceEqual(_utf8[hint]))
        {
            return hint;
        }

        for (var i = 0; i < _utf8.Length; i++)
        {
            if (span.SequenceEqual(_utf8[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public bool AllSeen(ulong seen) => (AllMask & ~seen) == 0;

    /// <summary>Every field whose bit is not set in <paramref name="seen"/>, in field order.</summary>
    public IReadOnlyList<string> Missing(ulong seen) =>
        [.. Enumerable.Range(0, Names.Count).Where(i => (seen & (1UL << i)) == 0).Select(i => Names[i])];
}
