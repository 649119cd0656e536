using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The connections a new partition's indexes are built on, one per index, opened while its rows are still streaming
/// in: the builds start the moment the load commits, instead of each first waiting for a connection (with its
/// authentication, 40–55 ms for UNHCR's population table here) on a machine whose cores the load has just freed.
/// </summary>
internal sealed class IndexConnections : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly Task<NpgsqlConnection>[] _opening;

    private IndexConnections(NpgsqlDataSource dataSource, int count, CancellationToken cancellationToken)
    {
        _dataSource = dataSource;
        _opening = [.. Enumerable.Range(0, count).Select(_ => dataSource.OpenConnectionAsync(cancellationToken).AsTask())];
    }

    public static IndexConnections Open(NpgsqlDataSource dataSource, int count, CancellationToken cancellationToken) =>
        new(dataSource, count, cancellationToken);

    /// <summary>Connection <paramref name="index"/>; opened again if it broke since (a database restart while the rows streamed).</summary>
    public async Task<NpgsqlConnection> TakeAsync(int index, CancellationToken cancellationToken)
    {
        var connection = await _opening[index];
        if (connection.FullState == System.Data.ConnectionState.Open)
        {
            return connection;
        }

        await connection.DisposeAsync();
        var reopened = await _dataSource.OpenConnectionAsync(cancellationToken);
        _opening[index] = Task.FromResult(reopened);
        return reopened;
    }

    /// <summary>
    /// Returns the connections to the pool (again, harmlessly, when the builds returned them). One that failed to open was never used, or its failure was the build's
    /// (<see cref="TakeAsync"/> rethrows it): either way the run has reported what ended it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_opening.Cast<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var opened in _opening.Where(t => t.IsCompletedSuccessfully))
        {
            await opened.Result.DisposeAsync();
        }
    }
}
