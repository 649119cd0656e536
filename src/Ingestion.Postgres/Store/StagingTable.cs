using Ingestion.Core.Model;
using Ingestion.Core.Rows;
using Npgsql;
using NpgsqlTypes;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The run's staging area: a temporary table (no WAL, no index) on the run's connection, filled by binary COPY.
/// The rows arrive validated and hashed (Core did that); the first <see cref="BufferLimit"/> stay in memory, so a
/// release whose content equals the current snapshot's is recognised without copying anything. (A first publish of a
/// scope skips staging altogether: <see cref="DirectPublish"/>.)
/// </summary>
internal sealed class StagingTable(NpgsqlConnection connection, int bufferLimit = StagingTable.BufferLimit)
{
    /// <summary>Rows kept in memory before COPY starts (about 0.5 KB each): the 138,893-row population table fits.</summary>
    internal const int BufferLimit = 150_000;

    private List<HashedRow>? _buffer = [];
    private bool _created;

    public async Task AddAsync(IAsyncEnumerable<HashedRow> rows, CancellationToken cancellationToken)
    {
        RowCopyWriter? writer = null;
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                if (_buffer is { Count: var count } && count < bufferLimit)
                {
                    _buffer.Add(row);
                    continue;
                }

                writer ??= await BeginCopyAsync(cancellationToken);
                await writer.WriteAsync(row, cancellationToken);
            }

            if (writer is not null)
            {
                await writer.CompleteAsync(cancellationToken);
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Diffs the run's rows against the scope's current versions into <c>pg_temp.run_diff</c>: in memory when every row
    /// still is (<see cref="MemoryDiff"/>), else by the full join of the staging table against the scope.
    /// </summary>
    public async Task<ScopeState> DiffAsync(DatasetDescriptor dataset, YearScope scope, CancellationToken cancellationToken)
    {
        if (_buffer is { } rows)
        {
            return await MemoryDiff.ComputeAsync(connection, this, dataset, scope, rows, cancellationToken);
        }

        var (rowsBefore, latestYear) = await ScopeDiff.ReadScopeAsync(connection, dataset, scope, cancellationToken);
        var counts = await ScopeDiff.ComputeAsync(connection, dataset, scope, cancellationToken);
        return new ScopeState(rowsBefore, latestYear, counts);
    }

    /// <summary>
    /// Fills <c>pg_temp.run_staging</c> with only <paramref name="changed"/> (the rows the in-memory match could not
    /// settle) and <c>pg_temp.run_gone</c> with the current keys no row of the run has; the buffer is done with.
    /// </summary>
    internal async Task CopyCandidatesAsync(IReadOnlyList<HashedRow> changed, IReadOnlyList<MemoryDiff.RowKey> gone, CancellationToken cancellationToken)
    {
        _buffer = [.. changed];
        await using (var staged = await BeginCopyAsync(cancellationToken))
        {
            await staged.CompleteAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand("""
            DROP TABLE IF EXISTS pg_temp.run_gone;
            CREATE TEMP TABLE run_gone (period integer NOT NULL, key text[] NOT NULL);
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (gone.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync("COPY pg_temp.run_gone (period, key) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var key in gone)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(key.Period, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(key.Key, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private async Task<RowCopyWriter> BeginCopyAsync(CancellationToken cancellationToken)
    {
        await CreateOnceAsync(cancellationToken);
        var writer = await RowCopyWriter.BeginAsync(connection, "pg_temp.run_staging", null, "", cancellationToken);
        try
        {
            foreach (var row in _buffer ?? [])
            {
                await writer.WriteAsync(row, cancellationToken);
            }
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }

        _buffer = null;
        return writer;
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
                period          integer  NOT NULL,
                key             text[]   NOT NULL,
                measures        bigint[] NOT NULL,
                attributes      text[]   NOT NULL,
                suppressed_mask bigint   NOT NULL,
                row_hash        bytea    NOT NULL
            );
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _created = true;
    }
}
