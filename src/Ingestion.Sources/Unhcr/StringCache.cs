using System.Text;
using System.Text.Json;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// Turns JSON string values into trimmed .NET strings, reusing one instance per distinct value
/// (codes and names repeat on every row), so parsing allocates little beyond the rows themselves.
/// </summary>
internal sealed class StringCache
{
    private const int MaxEntries = 16_384;
    private const int MaxStackChars = 256;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxStackChars)
        {
            return Intern((reader.GetString() ?? "").AsSpan().Trim());
        }

        Span<char> chars = stackalloc char[MaxStackChars];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        return Intern(chars[..length].Trim());
    }

    private string Intern(ReadOnlySpan<char> value)
    {
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var cached))
        {
            return cached;
        }

        var text = value.ToString();
        if (_strings.Count < MaxEntries)
        {
            _strings[text] = text;
        }

        return text;
    }
}
