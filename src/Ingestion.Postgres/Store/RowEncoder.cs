using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ingestion.Core.Model;
using Ingestion.Core.Validation;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Turns a <see cref="StatRow"/> into its stored form: measures and attributes as JSON objects keyed by field
/// name (NULL measures omitted), and a SHA-256 over key, measures, attributes and suppression flags, so that
/// "did this key change?" is one comparison of hashes. Checks the row's shape against the descriptor.
/// </summary>
internal sealed class RowEncoder(DatasetDescriptor dataset)
{
    private const byte Separator = 0x1f;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly ArrayBufferWriter<byte> _hashInput = new(1024);

    public EncodedRow Encode(StatRow row)
    {
        CheckShape(row);
        _hashInput.ResetWrittenCount();
        AppendText(row.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppendText(row.Origin);
        AppendText(row.Asylum);
        foreach (var detail in row.Detail)
        {
            AppendText(detail);
        }

        var measures = WriteMeasures(row.Measures);
        var attributes = WriteAttributes(row.Attributes);
        AppendText(row.SuppressedMask.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new EncodedRow(measures, attributes, SHA256.HashData(_hashInput.WrittenSpan));
    }

    private string WriteMeasures(long?[] values)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is { } value)
                {
                    writer.WriteNumber(dataset.Measures[i], value);
                }
            }

            writer.WriteEndObject();
        }

        return Finish();
    }

    private string WriteAttributes(string?[] values)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is { } value)
                {
                    writer.WriteString(dataset.Attributes[i], value);
                }
            }

            writer.WriteEndObject();
        }

        return Finish();
    }

    private string Finish()
    {
        var json = _buffer.WrittenSpan;
        _hashInput.Write(json);
        _hashInput.Write([Separator]);
        return Encoding.UTF8.GetString(json);
    }

    private void AppendText(string text)
    {
        var span = _hashInput.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 1);
        var written = Encoding.UTF8.GetBytes(text, span);
        span[written] = Separator;
        _hashInput.Advance(written + 1);
    }

    private void CheckShape(StatRow row)
    {
        if (row.Detail.Length != dataset.DetailFields.Count
            || row.Measures.Length != dataset.Measures.Count
            || row.Attributes.Length != dataset.Attributes.Count)
        {
            throw new ValidationException(dataset.Name, "row shape differs from the dataset's fields",
                [$"{row.KeyText}: {row.Detail.Length} detail, {row.Measures.Length} measures, {row.Attributes.Length} attributes; expected {dataset.DetailFields.Count}, {dataset.Measures.Count}, {dataset.Attributes.Count}"]);
        }

        if (string.IsNullOrEmpty(row.Origin) || row.Asylum is null || Array.Exists(row.Detail, d => d is null))
        {
            throw new ValidationException(dataset.Name, "a key field is missing", [row.KeyText]);
        }
    }
}
