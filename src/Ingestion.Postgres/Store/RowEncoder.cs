using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Ingestion.Core.Model;
using Ingestion.Core.Validation;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Turns a <see cref="StatRow"/> into its stored form: measures and attributes as JSON objects keyed by field
/// name (NULL measures omitted), and a SHA-256 over key, measures, attributes and suppression flags, so that
/// "did this key change?" is one comparison of hashes. Checks the row's shape against the descriptor.
/// </summary>
internal sealed class RowEncoder(DatasetDescriptor dataset) : IDisposable
{
    private const byte Separator = 0x1f;
    private readonly StringBuilder _json = new(512);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256); // reused: no context per row
    private readonly string[] _measureKeys = [.. dataset.Measures.Select(m => $"\"{m}\":")];
    private readonly string[] _attributeKeys = [.. dataset.Attributes.Select(a => $"\"{a}\":")];
    private readonly ArrayBufferWriter<byte> _hashInput = new(1024);

    public void Dispose() => _sha256.Dispose();

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
        _sha256.AppendData(_hashInput.WrittenSpan);
        return new EncodedRow(measures, attributes, _sha256.GetHashAndReset());
    }

    private string WriteMeasures(long?[] values)
    {
        _json.Clear().Append('{');
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                _json.Append(_json.Length == 1 ? "" : ",").Append(_measureKeys[i]).Append(value);
            }
        }

        return Finish();
    }

    private string WriteAttributes(string?[] values)
    {
        _json.Clear().Append('{');
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                _json.Append(_json.Length == 1 ? "" : ",").Append(_attributeKeys[i]).Append('"');
                AppendEscaped(value);
                _json.Append('"');
            }
        }

        return Finish();
    }

    private void AppendEscaped(string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '"' or '\\':
                    _json.Append('\\').Append(c);
                    break;
                case < ' ':
                    _json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    _json.Append(c);
                    break;
            }
        }
    }

    private string Finish()
    {
        var json = _json.Append('}').ToString();
        AppendText(json);
        return json;
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
