using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Ingestion.Core.Ports;
using Ingestion.Sources.Http;

namespace Ingestion.Sources.Unhcr;

/// <summary>Where the parser is (dataset and page) and the typed value readers that name both in their errors.</summary>
internal readonly record struct ParseScope(string Dataset, int Page)
{
    public SchemaDriftException Drift(IReadOnlyList<string> missing, IReadOnlyList<string> unknown) => new(Dataset, Page, missing, unknown);

    public SourceException Format(string field, string problem) =>
        new($"UNHCR {Dataset}, page {Page}: field '{field}' {problem}.");

    /// <summary>The body is not one whole JSON document (<paramref name="problem"/> says where it broke).</summary>
    public MalformedBodyException Malformed(string problem) =>
        new($"UNHCR {Dataset}, page {Page}: the body is {problem}.", problem);

    /// <summary>
    /// Moves to the next property of the current object and onto its value; false at the end of the object, after
    /// checking that no known field is missing. An unknown property name is schema drift, reported once the rest of
    /// the object has been read, so that a renamed field is named both as missing and as unknown.
    /// </summary>
    public bool NextField(ref Utf8JsonReader reader, FieldSet fields, ref ulong seen, out int index)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            index = -1;
            return fields.AllSeen(seen) ? false : throw Drift(fields.Missing(seen), []);
        }

        index = fields.IndexOf(ref reader, 64 - BitOperations.LeadingZeroCount(seen));
        if (index < 0)
        {
            throw DriftFromUnknown(ref reader, fields, seen);
        }

        seen |= 1UL << index;
        reader.Read();
        return true;
    }

    /// <summary>
    /// The reader is on an unknown property name: skips through the rest of the object, noting every other unknown
    /// name and every known one, and returns the drift naming all of them. Off the hot path: drift ends the run.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private SchemaDriftException DriftFromUnknown(ref Utf8JsonReader reader, FieldSet fields, ulong seen)
    {
        var unknown = new List<string>();
        do
        {
            if (fields.IndexOf(ref reader, 0) is var index and >= 0)
            {
                seen |= 1UL << index;
            }
            else
            {
                unknown.Add(reader.GetString()!);
            }

            reader.Skip();
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName);

        return Drift(fields.Missing(seen), unknown);
    }

    public void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
        {
            throw Format(what, $"should be {token} but is {reader.TokenType}");
        }
    }

    public int ReadInt(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out int parsed, out var consumed) && consumed == reader.ValueSpan.Length)
        {
            return parsed;
        }

        throw Format(field, $"has unexpected value {Describe(ref reader)} (expected an integer)");
    }

    /// <summary>A count: JSON integer, numeric string, "-" (null), or legacy "*" (null, suppressed).</summary>
    public long? ReadCount(ref Utf8JsonReader reader, string field, out bool suppressed)
    {
        suppressed = false;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var number))
            {
                return number;
            }
        }
        else if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var span = reader.ValueSpan;
            if (span.Length == 1 && span[0] == (byte)'-')
            {
                return null;
            }

            if (span.Length == 1 && span[0] == (byte)'*')
            {
                suppressed = true;
                return null;
            }

            if (span.Length > 0 && Utf8Parser.TryParse(span, out long parsed, out var consumed) && consumed == span.Length)
            {
                return parsed;
            }
        }

        throw Format(field, $"has unexpected value {Describe(ref reader)} (expected a count, \"-\" or \"*\")");
    }

    /// <summary>A text value (trimmed), or null for JSON null.</summary>
    public string? ReadText(ref Utf8JsonReader reader, string field, StringCache strings) => reader.TokenType switch
    {
        JsonTokenType.String => strings.Get(ref reader),
        JsonTokenType.Null => null,
        _ => throw Format(field, $"has unexpected value {Describe(ref reader)} (expected a string)"),
    };

    public string ReadRequiredText(ref Utf8JsonReader reader, string field, StringCache strings) =>
        ReadText(ref reader, field, strings) ?? throw Format(field, "is null");

    /// <summary>An id (int or "-"): validated but not kept.</summary>
    public void SkipScalar(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType is not (JsonTokenType.Number or JsonTokenType.String or JsonTokenType.Null))
        {
            throw Format(field, $"has unexpected value {Describe(ref reader)} (expected a scalar)");
        }
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"\"{reader.GetString()}\"",
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        _ => reader.TokenType.ToString(),
    };
}
