using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Ingestion.Core.Rows;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Writes staged rows, or versions, to a binary COPY (PostgreSQL's documented COPY BINARY format), encoding each row
/// straight into one buffer that goes to the server in large writes. Npgsql's importer does the same through its
/// general type machinery: per field a parameter, a converter lookup and an async call, per array element another —
/// most of a first publish's client time went there (0.78 s of CPU for UNHCR's 138,893 population rows).
/// The column list is fixed: period, key, measures, attributes, suppressed_mask, row_hash, and for versions the
/// dataset before them and valid_from after them.
/// </summary>
internal sealed class RowCopyWriter : IAsyncDisposable
{
    /// <summary>Bytes gathered before a write to the server.</summary>
    private const int FlushAt = 256 * 1024;

    private const uint TextOid = 25;
    private const uint Int8Oid = 20;

    /// <summary>The signature, then no flags and no header extension.</summary>
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlRawCopyStream _stream;
    private readonly byte[]? _dataset;
    private readonly long _validFrom;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FlushAt * 2);
    private int _length;
    private bool _completed;

    private RowCopyWriter(NpgsqlConnection connection, NpgsqlRawCopyStream stream, VersionColumns? version)
    {
        _connection = connection;
        _stream = stream;
        if (version is not null)
        {
            _dataset = Encoding.UTF8.GetBytes(version.Dataset);
            _validFrom = version.ValidFrom;
        }

        Header.CopyTo(_buffer);
        _length = Header.Length;
    }

    /// <summary>
    /// Starts <c>COPY <paramref name="table"/> … FROM STDIN (FORMAT BINARY<paramref name="options"/>)</c>: versions when
    /// <paramref name="version"/> is given, staged rows otherwise.
    /// </summary>
    public static async Task<RowCopyWriter> BeginAsync(
        NpgsqlConnection connection, string table, VersionColumns? version, string options, CancellationToken cancellationToken)
    {
        var columns = version is null
            ? "period, key, measures, attributes, suppressed_mask, row_hash"
            : "dataset, period, key, measures, attributes, suppressed_mask, row_hash, valid_from";
        var stream = await connection.BeginRawBinaryCopyAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY{options})", cancellationToken);
        return new RowCopyWriter(connection, stream, version);
    }

    public ValueTask WriteAsync(HashedRow hashed, CancellationToken cancellationToken)
    {
        var row = hashed.Row;
        Reserve(RowSizeBound(hashed));
        WriteInt16((short)(_dataset is null ? 6 : 8));
        if (_dataset is not null)
        {
            WriteField(_dataset);
        }

        WriteInt32(4);
        WriteInt32(row.Period);
        WriteTextArray(row.Key);
        WriteInt8Array(row.Measures);
        WriteTextArray(row.Attributes);
        WriteInt32(8);
        WriteInt64(row.SuppressedMask);
        WriteInt32(RowHasher.HashBytes);
        RowHasher.WriteBytes(hashed.Hash, _buffer.AsSpan(_length));
        _length += RowHasher.HashBytes;
        if (_dataset is not null)
        {
            WriteInt32(8);
            WriteInt64(_validFrom);
        }

        return _length >= FlushAt ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Ends the data and the COPY; the server's error, if it refused a row, is thrown here.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        Reserve(2);
        WriteInt16(-1);
        await FlushAsync(cancellationToken);
        _completed = true;
        await _stream.DisposeAsync();
    }

    /// <summary>
    /// A COPY not completed is cancelled: the server discards every row of it. On a connection that broke, before or
    /// while cancelling, there is no COPY left to end, and the failure that ended it is the one the caller is already
    /// reporting (Npgsql's cancel of a COPY whose connection breaks under it throws from its own cleanup).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_completed && IsOpen)
            {
                try
                {
                    await _stream.CancelAsync();
                }
                catch (Exception) when (!IsOpen)
                {
                    // Broken while cancelling: the rows died with the connection.
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private bool IsOpen => _connection.FullState.HasFlag(System.Data.ConnectionState.Open);

    /// <summary>At least the bytes a row takes: every string at most 3 bytes a UTF-16 unit, plus each field's framing.</summary>
    private int RowSizeBound(HashedRow hashed)
    {
        const int fieldCount = 2, period = 4 + 4, int8 = 4 + 8, hash = 4 + RowHasher.HashBytes, arrayFraming = 4 + 20;
        var row = hashed.Row;
        var bytes = fieldCount + period + int8 + hash + (_dataset is null ? 0 : 4 + _dataset.Length + int8);
        bytes += arrayFraming + (row.Measures.Length * int8);
        bytes += TextArrayBound(row.Key) + TextArrayBound(row.Attributes);
        return bytes;
    }

    private static int TextArrayBound(string?[] values)
    {
        const int arrayFraming = 4 + 20;
        var bytes = arrayFraming;
        foreach (var value in values)
        {
            bytes += 4 + (value is null ? 0 : Encoding.UTF8.GetMaxByteCount(value.Length));
        }

        return bytes;
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
        _length = 0;
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(_length + bytes);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>An array as array_recv reads it: dimensions, null flag, element type, then each element; empty has no dimension.</summary>
    private void WriteTextArray(string?[] values)
    {
        var lengthAt = BeginField();
        WriteArrayHeader(values.Length, Array.IndexOf(values, null) >= 0, TextOid);
        foreach (var value in values)
        {
            if (value is null)
            {
                WriteInt32(-1);
                continue;
            }

            var elementAt = _length;
            _length += 4;
            var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(elementAt), written);
            _length += written;
        }

        EndField(lengthAt);
    }

    private void WriteInt8Array(long?[] values)
    {
        var lengthAt = BeginField();
        WriteArrayHeader(values.Length, Array.IndexOf(values, null) >= 0, Int8Oid);
        foreach (var value in values)
        {
            if (value is { } present)
            {
                WriteInt32(8);
                WriteInt64(present);
            }
            else
            {
                WriteInt32(-1);
            }
        }

        EndField(lengthAt);
    }

    private void WriteArrayHeader(int count, bool hasNulls, uint elementOid)
    {
        WriteInt32(count == 0 ? 0 : 1);
        WriteInt32(hasNulls ? 1 : 0);
        WriteInt32((int)elementOid);
        if (count > 0)
        {
            WriteInt32(count);
            WriteInt32(1); // lower bound
        }
    }

    private int BeginField()
    {
        var lengthAt = _length;
        _length += 4;
        return lengthAt;
    }

    private void EndField(int lengthAt) =>
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(lengthAt), _length - lengthAt - 4);

    private void WriteField(byte[] bytes)
    {
        WriteInt32(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }
}
