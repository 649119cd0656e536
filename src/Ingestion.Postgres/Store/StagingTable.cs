using System.Security.Cryptography;
using System.Threading.Channels;
using Ingestion.Core.Model;
using Ingestion.Core.Validation;
using Npgsql;
using NpgsqlTypes;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The run's staging area: a temporary table (no WAL, no index) on the run's connection, filled by binary COPY.
/// Row hashes are computed here while copying; the table also learns what the gate needs about the new rows
/// (years present, measures that have values) so the gate does not rescan them.
/// </summary>
internal sealed class StagingTable(NpgsqlConnection connection, DatasetDescriptor dataset, YearScope scope) : IDisposable
{
    private readonly HashSet<(int Year, string Origin, string Asylum, string Detail)> _keys = [];
    private readonly List<byte[]> _rowHashes = [];
    private readonly HashSet<int> _years = [];
    private readonly RowEncoder _encoder = new(dataset);
    private readonly bool[] _measureHasValue = new bool[dataset.Measures.Count];
    private bool _created;

    public long RowCount => _rowHashes.Count;

    public void Dispose() => _encoder.Dispose();

    public IReadOnlySet<int> Years => _years;

    /// <summary>Measures no staged row has a value for.</summary>
    public IReadOnlyList<string> MeasuresWithoutValues =>
        [.. dataset.Measures.Where((_, i) => !_measureHasValue[i])];

    /// <summary>
    /// Encodes and hashes rows on one task while another writes the COPY stream, so the CPU work of encoding
    /// overlaps the server's work of loading (batches of <see cref="BatchSize"/> rows pass between them).
    /// </summary>
    public async Task<long> CopyAsync(IAsyncEnumerable<StatRow> rows, CancellationToken cancellationToken)
    {
        await CreateOnceAsync(cancellationToken);
        var batches = Channel.CreateBounded<List<(StatRow Row, EncodedRow Encoded)>>(
            new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => EncodeAsync(rows, batches.Writer, stop.Token), stop.Token);
        long copied = 0;
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync(_hasDetail ? CopyWithDetail : CopyWithoutDetail, cancellationToken);
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var (row, encoded) in batch)
                {
                    await WriteAsync(importer, row, encoded, _hasDetail, cancellationToken);
                }

                copied += batch.Count;
            }

            await producer;
            await importer.CompleteAsync(cancellationToken);
        }
        catch
        {
            // The COPY failed or was cancelled: stop the encoder and let it finish before the exception propagates.
            await stop.CancelAsync();
            await Task.WhenAny(producer);
            throw;
        }

        return copied;
    }

    private const int BatchSize = 1024;

    // Datasets without detail fields leave detail to its default '{}' and skip an array per row.
    private const string CopyWithDetail = """
        COPY pg_temp.run_staging (year, origin, asylum, detail, measures, attributes, suppressed_mask, row_hash)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyWithoutDetail = """
        COPY pg_temp.run_staging (year, origin, asylum, measures, attributes, suppressed_mask, row_hash)
        FROM STDIN (FORMAT BINARY)
        """;

    private readonly bool _hasDetail = dataset.DetailFields.Count > 0;

    private async Task EncodeAsync(IAsyncEnumerable<StatRow> rows, ChannelWriter<List<(StatRow, EncodedRow)>> writer, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<(StatRow, EncodedRow)>(BatchSize);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                Check(row);
                var encoded = _encoder.Encode(row);
                Track(row, encoded);
                batch.Add((row, encoded));
                if (batch.Count == BatchSize)
                {
                    await writer.WriteAsync(batch, cancellationToken);
                    batch = new List<(StatRow, EncodedRow)>(BatchSize);
                }
            }

            await writer.WriteAsync(batch, cancellationToken);
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
            throw;
        }
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, StatRow row, EncodedRow encoded, bool hasDetail, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(row.Year, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(row.Origin, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(row.Asylum, NpgsqlDbType.Text, cancellationToken);
        if (hasDetail)
        {
            await importer.WriteAsync(row.Detail, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        }

        await importer.WriteAsync(encoded.MeasuresJson, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(encoded.AttributesJson, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(row.SuppressedMask, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(encoded.RowHash, NpgsqlDbType.Bytea, cancellationToken);
    }

    /// <summary>SHA-256 over the sorted row hashes: the same content gives the same hash whatever the row order.</summary>
    public string ContentSha256()
    {
        var sorted = _rowHashes.ToArray();
        Array.Sort(sorted, (a, b) => a.AsSpan().SequenceCompareTo(b));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var rowHash in sorted)
        {
            hash.AppendData(rowHash);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task CreateOnceAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await using var command = new NpgsqlCommand("""
            DROP TABLE IF EXISTS pg_temp.run_staging;
            CREATE TEMP TABLE run_staging (
                year            integer NOT NULL,
                origin          text    NOT NULL,
                asylum          text    NOT NULL,
                detail          text[]  NOT NULL DEFAULT '{}',
                measures        text    NOT NULL,
                attributes      text    NOT NULL,
                suppressed_mask bigint  NOT NULL,
                row_hash        bytea   NOT NULL
            );
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _created = true;
    }

    private void Check(StatRow row)
    {
        if (dataset.HasYear ? !scope.Contains(row.Year) : row.Year != 0)
        {
            throw new ValidationException(dataset.Name, $"row outside the run's scope ({scope})", [row.KeyText]);
        }

        if (!_keys.Add((row.Year, row.Origin, row.Asylum, row.Detail.Length == 0 ? "" : string.Join('\u001f', row.Detail))))
        {
            throw new ValidationException(dataset.Name, "duplicate key", [row.KeyText]);
        }
    }

    private void Track(StatRow row, EncodedRow encoded)
    {
        _rowHashes.Add(encoded.RowHash);
        _years.Add(row.Year);
        for (var i = 0; i < row.Measures.Length; i++)
        {
            _measureHasValue[i] |= row.Measures[i] is not null;
        }
    }
}
