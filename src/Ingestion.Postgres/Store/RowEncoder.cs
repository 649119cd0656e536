using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Ingestion.Core.Model;
using Ingestion.Core.Validation;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The stored form of a <see cref="StatRow"/>: its XxHash128 over a length-prefixed binary form of key, measures,
/// attributes and suppression flags (so "did this key change?" is one comparison of hashes, and an unchanged
/// release is recognised without building anything else). Checks the row's shape first.
/// </summary>
internal sealed class RowEncoder(DatasetDescriptor dataset)
{
    private readonly ArrayBufferWriter<byte> _hashInput = new(1024);

    public byte[] Hash(StatRow row)
    {
        CheckShape(row);
        _hashInput.ResetWrittenCount();
        AppendInt64(row.Year);
        AppendText(row.Origin);
        AppendText(row.Asylum);
        foreach (var detail in row.Detail)
        {
            AppendText(detail);
        }

        foreach (var measure in row.Measures)
        {
            AppendInt64(measure is null ? 0 : 1);
            AppendInt64(measure ?? 0);
        }

        foreach (var attribute in row.Attributes)
        {
            AppendText(attribute);
        }

        AppendInt64(row.SuppressedMask);
        return XxHash128.Hash(_hashInput.WrittenSpan);
    }

    private void AppendInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_hashInput.GetSpan(8), value);
        _hashInput.Advance(8);
    }

    /// <summary>Length-prefixed UTF-8 (-1 for null), so no two different field lists give the same bytes.</summary>
    private void AppendText(string? text)
    {
        if (text is null)
        {
            AppendInt64(-1);
            return;
        }

        var span = _hashInput.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 8);
        var written = Encoding.UTF8.GetBytes(text, span[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(span, written);
        _hashInput.Advance(written + 8);
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
