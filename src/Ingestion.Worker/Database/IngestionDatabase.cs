using Ingestion.Postgres.Local;
using Ingestion.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ingestion.Worker.Database;

/// <summary>
/// Resolves the database before the host is built: <c>ConnectionStrings__Ingestion</c> when set; in Development
/// without it, an embedded server from the machine's PostgreSQL binaries. Either way the database must answer
/// within a few seconds, or the process stops with exit code 2 and one line naming the host. The check opens the
/// first connection of the process's one <see cref="DataSource"/>, so the verb that follows reuses it from the pool:
/// a second physical connection (and a second data source's start) would cost a cold CLI verb about 0.15 s.
/// </summary>
public sealed class IngestionDatabase : IAsyncDisposable
{
    public const string ConnectionStringKey = "ConnectionStrings:Ingestion";
    private const string EmbeddedDatabaseName = "ingestion";
    private static readonly TimeSpan ReachabilityTimeout = TimeSpan.FromSeconds(5);

    private readonly LocalPostgresServer? _startedServer;

    private IngestionDatabase(NpgsqlDataSource dataSource, bool isEmbedded, LocalPostgresServer? startedServer)
    {
        DataSource = dataSource;
        IsEmbedded = isEmbedded;
        _startedServer = startedServer;
    }

    /// <summary>The process's one data source; the service container that registers it disposes it.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The Development server in this checkout's own folder (started or reused), not a configured database.</summary>
    public bool IsEmbedded { get; }

    public static async Task<IngestionDatabase> OpenAsync(
        IConfiguration configuration, IHostEnvironment environment, ILogger logger, CancellationToken cancellationToken)
    {
        var connectionString = configuration[ConnectionStringKey];
        LocalPostgresServer? started = null;
        var embedded = false;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            embedded = true;
            if (!environment.IsDevelopment())
            {
                throw new UsageException(
                    $"ConnectionStrings__Ingestion is not set; it is required in the {environment.EnvironmentName} environment.");
            }

            var options = configuration.GetSection(EmbeddedPostgresOptions.Section).Get<EmbeddedPostgresOptions>() ?? new();
            var server = await StartEmbeddedAsync(options.EmbeddedFolder, cancellationToken);
            logger.LogInformation(
                "ConnectionStrings__Ingestion is not set in Development: {Action} embedded PostgreSQL on 127.0.0.1:{Port}, data in {DataFolder}",
                server.Reused ? "reusing the running" : "started an", server.Port, server.Folder);
            started = server.Reused ? null : server;
            connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = EmbeddedDatabaseName }.ConnectionString;
            await CreateDatabaseIfMissingAsync(server.ConnectionString, cancellationToken);
        }

        var dataSource = DataSourceFor(connectionString);
        await EnsureReachableAsync(dataSource, cancellationToken);
        return new IngestionDatabase(dataSource, embedded, started);
    }

    /// <summary>Stops the embedded server if this process started it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_startedServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await _startedServer.StopAsync();
        }
    }

    private static async Task<LocalPostgresServer> StartEmbeddedAsync(string folder, CancellationToken cancellationToken)
    {
        try
        {
            return await LocalPostgresServer.StartAsync(folder, throwaway: false, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"Could not start the embedded PostgreSQL in {folder}: {e.Message}", e);
        }
    }

    private static async Task CreateDatabaseIfMissingAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", EmbeddedDatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {EmbeddedDatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static NpgsqlDataSource DataSourceFor(string connectionString)
    {
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"ConnectionStrings__Ingestion is not a valid PostgreSQL connection string: {e.Message}", e);
        }

        // The schema uses built-in types only (no enums, domains, composites or extensions), so loading the server's
        // type catalogue on the first connection is a round trip and a parse for nothing.
        builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        return builder.Build();
    }

    /// <summary>An open abandoned at the deadline: a connection it did get is closed; its failure adds nothing to "no answer".</summary>
    private static void CloseIfOpened(Task<NpgsqlConnection> open)
    {
        if (open.IsCompletedSuccessfully)
        {
            open.Result.Dispose();
        }
        else
        {
            _ = open.Exception; // observed: the deadline is the error reported
        }
    }

    /// <summary>Opens (and returns to the pool) the first connection, within <see cref="ReachabilityTimeout"/> whatever the connection string's own timeout.</summary>
    private static async Task EnsureReachableAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var where = $"{settings.Host}:{settings.Port}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReachabilityTimeout);
        var opening = dataSource.OpenConnectionAsync(deadline.Token).AsTask();
        try
        {
            // Npgsql does not cancel a server that accepted the connection and then stays silent (it waits out the
            // connection string's Timeout, 15 s by default), so the deadline is kept here.
            await using var connection = await opening.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            _ = opening.ContinueWith(CloseIfOpened, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await dataSource.DisposeAsync();
            throw new UsageException($"Cannot reach PostgreSQL at {where} (ConnectionStrings__Ingestion): no answer within {ReachabilityTimeout.TotalSeconds:0} s", e);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await dataSource.DisposeAsync();
            var reason = (e.InnerException ?? e).Message.Split('\n')[0].Trim();
            throw new UsageException($"Cannot reach PostgreSQL at {where} (ConnectionStrings__Ingestion): {reason}", e);
        }
    }
}
