using Ingestion.Core.Model;
using Ingestion.Core.Rows;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The first publish of a scope that holds no current rows: there is nothing to diff against, so the validated rows
/// stream by binary COPY straight into <c>ingestion.versions</c>, inside the publish transaction, while they are still
/// being fetched and parsed — one write instead of a staging copy plus an insert, overlapped with the fetch. Readers
/// see none of it until the snapshot row commits with it; a run that ends any other way (failed, dry run, no rows)
/// rolls it back. The snapshot id is taken when the transaction begins, since every version carries it.
/// </summary>
internal sealed class DirectPublish : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly DatasetDescriptor _dataset;

    private DirectPublish(NpgsqlConnection connection, DatasetDescriptor dataset, NpgsqlTransaction transaction, long snapshotId)
    {
        _connection = connection;
        _dataset = dataset;
        Transaction = transaction;
        SnapshotId = snapshotId;
    }

    public NpgsqlTransaction Transaction { get; }

    public long SnapshotId { get; }

    /// <summary>Rows copied into the versions table (uncommitted).</summary>
    public long Rows { get; private set; }

    public static async Task<DirectPublish> BeginAsync(NpgsqlConnection connection, DatasetDescriptor dataset, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var snapshotId = await SnapshotSql.NextIdAsync(connection, transaction, cancellationToken);
            return new DirectPublish(connection, dataset, transaction, snapshotId);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public async Task CopyAsync(IAsyncEnumerable<HashedRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await _connection.BeginBinaryImportAsync("""
            COPY ingestion.versions (dataset, period, key, measures, attributes, suppressed_mask, row_hash, valid_from)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        var version = new VersionColumns(_dataset.Name, SnapshotId);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await StagingTable.WriteAsync(importer, row, version, cancellationToken);
            Rows++;
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Undoes the copied versions (the snapshot id stays unused: sequences never go back).</summary>
    public ValueTask DisposeAsync() => Transaction.DisposeAsync();
}
