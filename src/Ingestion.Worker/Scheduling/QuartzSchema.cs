using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Ingestion.Worker.Scheduling;

/// <summary>
/// Creates the PostgreSQL schema the clustered job store keeps its tables in. Quartz provisions and validates its
/// own tables (<c>ProvisionSchema()</c>) when a scheduler is created, but only inside an existing schema, so this
/// runs first: as a hosted service ahead of Quartz's in the worker, and before <see cref="BackfillScheduler"/>
/// creates its scheduler in the CLI. Replicas may start together: an advisory lock serializes the create.
/// </summary>
public sealed class QuartzSchema(NpgsqlDataSource dataSource) : IHostedService
{
    /// <summary>The schema, beside <c>ingestion</c> and <c>stats</c>.</summary>
    public const string Name = "quartz";

    /// <summary>Quartz's table prefix: its tables are <c>quartz.qrtz_*</c>.</summary>
    public const string TablePrefix = Name + ".qrtz_";

    /// <summary>Advisory lock key for creating the schema ("ingest-q" as ASCII).</summary>
    private const long LockKey = 0x696e676573742d71;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(@key); CREATE SCHEMA IF NOT EXISTS {Name}", connection, transaction))
        {
            command.Parameters.AddWithValue("key", LockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => EnsureCreatedAsync(cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
