using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Ingestion.Core.Model;

namespace Ingestion.Core.Rows;

/// <summary>
/// Fingerprints of a <see cref="StatRow"/>: XxHash128 over a length-prefixed binary form of period, key, measures,
/// attributes and suppression flags (so "did this key change?" is one comparison of hashes, and an unchanged release
/// is recognised without building anything else), and of its key alone (for duplicate checks).
/// <para>The byte form must never change: stored versions carry these hashes, and a different form would make every
/// row look revised. For a two-country key it is byte for byte the first release's (year, origin, asylum, detail…).</para>
/// Not thread-safe: one per row stream.
/// </summary>
public sealed class RowHasher
{
    private readonly ArrayBufferWriter<byte> _input = new(1024);

    public UInt128 Row(StatRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        AppendKey(row);
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
        return XxHash128.HashToUInt128(_input.WrittenSpan);
    }

    public UInt128 Key(StatRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        AppendKey(row);
        return XxHash128.HashToUInt128(_input.WrittenSpan);
    }

    /// <summary>Bytes in a stored hash.</summary>
    public const int HashBytes = 16;

    /// <summary>The stored form of a hash (big-endian, so bytea order is numeric order).</summary>
    public static byte[] ToBytes(UInt128 hash)
    {
        var bytes = new byte[HashBytes];
        WriteBytes(hash, bytes);
        return bytes;
    }

    /// <summary>Writes the stored form of a hash into <paramref name="destination"/>.</summary>
    public static void WriteBytes(UInt128 hash, Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, hash);

    private void AppendKey(StatRow row)
    {
        _input.ResetWrittenCount();
        AppendInt64(row.Period);
        foreach (var part in row.Key)
        {
            AppendText(part);
        }
    }

    private void AppendInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_input.GetSpan(8), value);
        _input.Advance(8);
    }

    /// <summary>Length-prefixed UTF-8 (-1 for null), so no two different field lists give the same bytes.</summary>
    private void AppendText(string? text)
    {
        if (text is null)
        {
            AppendInt64(-1);
            return;
        }

        var span = _input.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 8);
        var written = Encoding.UTF8.GetBytes(text, span[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(span, written);
        _input.Advance(written + 8);
    }
}
