using System.Security.Cryptography;
using Ingestion.Core.Model;
using Ingestion.Core.Validation;
using Npgsql;
using NpgsqlTypes;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The run's staging area: a temporary table (no WAL, no index) on the run's connection, filled by binary COPY.
/// Row hashes are computed here as rows arrive; the table also learns what the gate needs about the new rows
/// (years present, measures that have values) so the gate does not rescan them.
/// </summary>
internal sealed class StagingTable(NpgsqlConnection connection, DatasetDescriptor dataset, YearScope scope)
{
    private readonly HashSet<(int Year, string Origin, string Asylum, string Detail)> _keys = [];
    private readonly List<byte[]> _rowHashes = [];
    private readonly HashSet<int> _years = [];
    private readonly RowEncoder _encoder = new(dataset);
    private readonly bool[] _measureHasValue = new bool[dataset.Measures.Count];
    private readonly bool _hasDetail = dataset.DetailFields.Count > 0;
    private List<(StatRow Row, byte[] RowHash)>? _buffer = [];
    private bool _created;

    /// <summary>Rows kept in memory before COPY starts (about 0.5 KB each): the 138,893-row population table fits.</summary>
    internal const int BufferLimit = 150_000;

    public long RowCount => _rowHashes.Count;

    public IReadOnlySet<int> Years => _years;

    /// <summary>Measures no staged row has a value for.</summary>
    public IReadOnlyList<string> MeasuresWithoutValues =>
        [.. dataset.Measures.Where((_, i) => !_measureHasValue[i])];

    /// <summary>
    /// Checks and hashes the rows (their JSON is only built when they are copied). The first <see cref="BufferLimit"/> rows of a run stay in memory, so a
    /// release whose content hash equals the current snapshot's is recognised without copying anything; beyond
    /// that, or when <see cref="FlushAsync"/> asks, they are written with binary COPY. Returns the rows added.
    /// </summary>
    public async Task<long> AddAsync(IAsyncEnumerable<StatRow> rows, CancellationToken cancellationToken)
    {
        long added = 0;
        NpgsqlBinaryImporter? importer = null;
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                Check(row);
                var rowHash = _encoder.Hash(row);
                Track(row, rowHash);
                added++;
                if (_buffer is { Count: < BufferLimit })
                {
                    _buffer.Add((row, rowHash));
                    continue;
                }

                importer ??= await BeginCopyAsync(cancellationToken);
                await WriteAsync(importer, row, rowHash, cancellationToken);
            }

            if (importer is not null)
            {
                await importer.CompleteAsync(cancellationToken);
            }
        }
        finally
        {
            if (importer is not null)
            {
                await importer.DisposeAsync();
            }
        }

        return added;
    }

    /// <summary>Copies the rows still in memory: afterwards <c>pg_temp.run_staging</c> holds every row of the run.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer is null)
        {
            return;
        }

        await using var importer = await BeginCopyAsync(cancellationToken);
        await importer.CompleteAsync(cancellationToken);
    }

    private async Task<NpgsqlBinaryImporter> BeginCopyAsync(CancellationToken cancellationToken)
    {
        await CreateOnceAsync(cancellationToken);
        var importer = await connection.BeginBinaryImportAsync(_hasDetail ? CopyWithDetail : CopyWithoutDetail, cancellationToken);
        foreach (var (row, rowHash) in _buffer ?? [])
        {
            await WriteAsync(importer, row, rowHash, cancellationToken);
        }

        _buffer = null;
        return importer;
    }

    // Datasets without detail fields leave detail to its default '{}' and skip an array per row.
    private const string CopyWithDetail = """
        COPY pg_temp.run_staging (year, origin, asylum, detail, measures, attributes, suppressed_mask, row_hash)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyWithoutDetail = """
        COPY pg_temp.run_staging (year, origin, asylum, measures, attributes, suppressed_mask, row_hash)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// First publish of a scope (nothing current to diff against): COPY the buffered rows straight into
    /// <c>ingestion.versions</c> inside the caller's open transaction, skipping the staging table.
    /// </summary>
    public async Task CopyIntoVersionsAsync(long snapshotId, CancellationToken cancellationToken)
    {
        var buffer = _buffer ?? throw new InvalidOperationException("The staged rows are no longer in memory.");
        await using var importer = await connection.BeginBinaryImportAsync("""
            COPY ingestion.versions (dataset, year, origin, asylum, detail, measures, attributes, suppressed_mask, row_hash, valid_from)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var (row, rowHash) in buffer)
        {
            await WriteAsync(importer, row, rowHash, new VersionColumns(dataset.Name, snapshotId), cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>True while every row is still in memory (nothing copied yet).</summary>
    public bool IsBuffered => _buffer is not null;

    private Task WriteAsync(NpgsqlBinaryImporter importer, StatRow row, byte[] rowHash, CancellationToken cancellationToken) =>
        WriteAsync(importer, row, rowHash, null, cancellationToken);

    /// <summary>One row, for the staging table (<paramref name="version"/> null) or for ingestion.versions.</summary>
    private async Task WriteAsync(NpgsqlBinaryImporter importer, StatRow row, byte[] rowHash, VersionColumns? version, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        if (version is not null)
        {
            await importer.WriteAsync(version.Dataset, NpgsqlDbType.Text, cancellationToken);
        }

        await importer.WriteAsync(row.Year, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(row.Origin, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(row.Asylum, NpgsqlDbType.Text, cancellationToken);
        if (_hasDetail || version is not null)
        {
            await importer.WriteAsync(row.Detail, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        }

        await importer.WriteAsync(row.Measures, NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(row.Attributes, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(row.SuppressedMask, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(rowHash, NpgsqlDbType.Bytea, cancellationToken);
        if (version is not null)
        {
            await importer.WriteAsync(version.ValidFrom, NpgsqlDbType.Bigint, cancellationToken);
        }
    }

    private sealed record VersionColumns(string Dataset, long ValidFrom);

    /// <summary>SHA-256 over the sorted row hashes: the same content gives the same hash whatever the row order.</summary>
    public string ContentSha256()
    {
        // Sort by the first 16 bytes as a number (a primitive sort); equal prefixes are vanishingly rare and
        // would only make equal content look different, which the diff then finds unchanged.
        var sorted = _rowHashes.ToArray();
        var keys = sorted.Select(h => System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(h)).ToArray();
        Array.Sort(keys, sorted);
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
                measures        bigint[] NOT NULL,
                attributes      text[]  NOT NULL,
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

    private void Track(StatRow row, byte[] rowHash)
    {
        _rowHashes.Add(rowHash);
        _years.Add(row.Year);
        for (var i = 0; i < row.Measures.Length; i++)
        {
            _measureHasValue[i] |= row.Measures[i] is not null;
        }
    }
}
