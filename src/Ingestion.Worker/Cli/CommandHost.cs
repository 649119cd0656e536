using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Postgres.Migrations;
using Ingestion.Worker.Configuration;
using Ingestion.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ingestion.Worker.Cli;

/// <summary>Runs a CLI verb inside a built (not started) host, preparing the database as the verb's kind needs.</summary>
public static class CommandHost
{
    /// <summary>
    /// Verbs that write: the schema is brought up to date (advisory-locked, so safe beside running replicas) and runs
    /// left <c>running</c> by dead processes are marked abandoned first.
    /// </summary>
    /// <param name="whileOpening">Work that needs no database, started while it opens (see <see cref="WorkerHost.BuildAsync"/>).</param>
    /// <param name="scheduler">The verb uses the Quartz scheduler (see <see cref="WorkerHost.BuildAsync"/>).</param>
    public static async Task<int> RunAsync(
        Func<IServiceProvider, Task<int>> verb, CancellationToken cancellationToken, Action<IServiceProvider>? whileOpening = null, bool scheduler = false)
    {
        await using var host = await WorkerHost.BuildAsync(isWorker: false, cancellationToken, services =>
        {
            services.StartTracing(); // first, so that the work started while the database opens is traced too
            whileOpening?.Invoke(services);
        }, scheduler);
        await host.Services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
        await host.Services.GetRequiredService<ISnapshotStore>().MarkAbandonedRunsAsync(cancellationToken);
        return await verb(host.Services);
    }

    /// <summary>
    /// Verbs that only look at state: they change nothing, so they work with a login granted only
    /// <c>ingestion_reader</c>, and a database whose schema is behind is refused (exit 2) rather than migrated. The
    /// embedded Development database is the exception: this checkout owns it, so it is brought up to date.
    /// </summary>
    public static async Task<int> ReadAsync(Func<IServiceProvider, Task<int>> verb, CancellationToken cancellationToken)
    {
        await using var host = await WorkerHost.BuildAsync(isWorker: false, cancellationToken);
        if (host.Database.IsEmbedded)
        {
            await host.Services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
        }
        else
        {
            var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
            var status = await SchemaStatus.ReadAsync(dataSource, host.Services.GetRequiredService<DatasetCatalog>(), cancellationToken);
            if (status.IsBehind)
            {
                throw new UsageException(BehindMessage(status, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Username));
            }
        }

        return await verb(host.Services);
    }

    private static string BehindMessage(SchemaStatus status, string? user) => status.AppliedVersion switch
    {
        null => $"Cannot read the schema version (ingestion.schema_migrations) as {user ?? "this login"}: the schema is older than "
            + $"version {status.ExpectedVersion} or the login lacks ingestion_reader; run `ingestion migrate`.",
        0 => $"The database has no ingestion schema (this build needs version {status.ExpectedVersion}); run `ingestion migrate`.",
        var applied when applied < status.ExpectedVersion =>
            $"The database schema is at version {applied} but this build needs {status.ExpectedVersion}; run `ingestion migrate`.",
        _ => "The database's views were generated for another set of datasets than this build's; run `ingestion migrate`.",
    };
}
