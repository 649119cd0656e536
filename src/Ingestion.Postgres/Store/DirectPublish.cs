using Ingestion.Core.Model;
using Ingestion.Core.Rows;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The first publish of a scope that holds no current rows: there is nothing to diff against, so the validated rows
/// stream by binary COPY straight into the versions, while they are still being fetched and parsed — one write
/// instead of a staging copy plus an insert, overlapped with the fetch. Readers see none of it until the snapshot row
/// commits with it; a run that ends any other way (failed, dry run, no rows) leaves nothing behind. The snapshot id is
/// taken at the start, since every version carries it.
/// <para>Two ways, by whether the dataset has its partition of <c>ingestion.versions</c> yet (docs/storage.md):</para>
/// <list type="bullet">
/// <item>It has (a backfill of other years, say): the COPY goes into <c>ingestion.versions</c> inside the publish
/// transaction, and its indexes are maintained row by row.</item>
/// <item>It has not (the dataset's very first publish): the COPY loads a new table with no index, frozen as it is
/// written (no later pass sets hint bits or freezes it), and commits it unattached, where no reader looks. Its indexes
/// are then built all at once, each on its own connection (opened while the rows streamed: <see cref="IndexConnections"/>),
/// and the publish transaction attaches it.
/// An unattached table is dropped when the run ends without publishing, or by the next first publish when a crash
/// left it behind.</item>
/// </list>
/// </summary>
internal sealed class DirectPublish : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly DatasetDescriptor _dataset;

    /// <summary>The new partition being loaded, or null when the rows go into the dataset's existing one.</summary>
    private readonly string? _newPartition;

    /// <summary>A new partition's index statements, and the connections opened for them while the rows stream.</summary>
    private readonly IReadOnlyList<string> _indexes;
    private readonly IndexConnections? _indexConnections;

    private NpgsqlTransaction _transaction;

    private DirectPublish(
        NpgsqlConnection connection, DatasetDescriptor dataset, NpgsqlTransaction transaction, long snapshotId, string? newPartition,
        IReadOnlyList<string> indexes, IndexConnections? indexConnections)
    {
        _connection = connection;
        _dataset = dataset;
        _transaction = transaction;
        SnapshotId = snapshotId;
        _newPartition = newPartition;
        _indexes = indexes;
        _indexConnections = indexConnections;
    }

    public long SnapshotId { get; }

    /// <summary>Whether the rows load a new partition, which has no index to keep while they stream in.</summary>
    public bool LoadsNewPartition => _newPartition is not null;

    /// <summary>Rows copied (uncommitted, or committed into a table no reader sees).</summary>
    public long Rows { get; private set; }

    public static async Task<DirectPublish> BeginAsync(
        NpgsqlDataSource dataSource, NpgsqlConnection connection, DatasetDescriptor dataset, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            long snapshotId;
            string? partition;
            await using (var command = new NpgsqlCommand(
                "SELECT nextval('ingestion.snapshot_ids'), ingestion.begin_version_partition(@dataset)", connection, transaction))
            {
                command.Parameters.AddWithValue("dataset", dataset.Name);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                (snapshotId, partition) = (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1));
            }

            if (partition is null)
            {
                return new DirectPublish(connection, dataset, transaction, snapshotId, null, [], null);
            }

            var indexes = await IndexStatementsAsync(connection, transaction, partition, cancellationToken);
            return new DirectPublish(connection, dataset, transaction, snapshotId, partition, indexes, IndexConnections.Open(dataSource, indexes.Count, cancellationToken));
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public async Task CopyAsync(IAsyncEnumerable<HashedRow> rows, CancellationToken cancellationToken)
    {
        // FREEZE needs the table created in this transaction, which a new partition was.
        var (table, options) = _newPartition is { } partition ? ($"ingestion.\"{partition}\"", ", FREEZE") : ("ingestion.versions", "");
        await using var writer = await RowCopyWriter.BeginAsync(_connection, table, new VersionColumns(_dataset.Name, SnapshotId), options, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(row, cancellationToken);
            Rows++;
        }

        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// The transaction the snapshot row commits in, with the versions: the COPY's own, or, for a new partition, a new
    /// one that attaches it, once its load is committed and its indexes are built.
    /// </summary>
    public async Task<NpgsqlTransaction> BeginPublishAsync(CancellationToken cancellationToken)
    {
        if (_newPartition is null)
        {
            return _transaction;
        }

        await _transaction.CommitAsync(cancellationToken);
        await BuildIndexesAsync(cancellationToken);
        _transaction = await _connection.BeginTransactionAsync(cancellationToken);
        await using var attach = BulkCommand.Create("SELECT ingestion.attach_version_partition(@dataset)", _connection, _transaction);
        attach.Parameters.AddWithValue("dataset", _dataset.Name);
        await attach.ExecuteNonQueryAsync(cancellationToken);
        return _transaction;
    }

    /// <summary>
    /// Undoes the copied versions: rolls back their transaction, and drops a new partition's table unless it was
    /// attached (the snapshot id stays unused: sequences never go back). On a connection that is gone there is nothing
    /// to roll back, and a committed, unattached table stays until the dataset's next first publish drops it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_indexConnections is not null)
        {
            await _indexConnections.DisposeAsync();
        }

        await _transaction.DisposeAsync();
        if (_newPartition is not null && _connection.FullState == System.Data.ConnectionState.Open)
        {
            await using var drop = new NpgsqlCommand("SELECT ingestion.drop_unattached_version_partition(@dataset)", _connection);
            drop.Parameters.AddWithValue("dataset", _dataset.Name);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Each of the partition's indexes on its own connection, all at once: a sort each, in parallel, instead of
    /// maintaining them row by row during the COPY. PostgreSQL's own parallel index build is switched off for them,
    /// as they already keep the cores busy. So are synchronized scans: a build that starts while another's scan of the
    /// table is under way would join it mid-table and read the rows from there, wrapping around, and the unique index
    /// would lose the sorted input the load gave it (<see cref="IndexOrder.WithinPeriods"/>): on UNHCR's population
    /// table, 325–620 ms instead of 90–185 in the runs where its scan was not the first.
    /// </summary>
    private async Task BuildIndexesAsync(CancellationToken cancellationToken)
    {
        await using var connections = _indexConnections!;
        await Task.WhenAll(_indexes.Select(async (statement, i) =>
        {
            var connection = await connections.TakeAsync(i, cancellationToken);
            await using var command = BulkCommand.Create($"SET max_parallel_maintenance_workers = 0; SET synchronize_seqscans = off; {statement}; RESET max_parallel_maintenance_workers; RESET synchronize_seqscans", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }));
    }

    private static async Task<IReadOnlyList<string>> IndexStatementsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string partition, CancellationToken cancellationToken)
    {
        var statements = new List<string>();
        await using var list = new NpgsqlCommand("SELECT ingestion.version_partition_indexes(@partition)", connection, transaction);
        list.Parameters.AddWithValue("partition", partition);
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            statements.Add(reader.GetString(0));
        }

        return statements;
    }
}
