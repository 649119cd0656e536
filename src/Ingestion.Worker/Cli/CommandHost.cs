using Ingestion.Core.Ports;
using Ingestion.Postgres.Migrations;
using Ingestion.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Worker.Cli;

/// <summary>
/// Runs a CLI verb inside a built (not started) host: the schema is brought up to date (advisory-locked, so safe
/// beside running replicas) and runs left <c>running</c> by dead processes are marked abandoned first.
/// </summary>
public static class CommandHost
{
    public static async Task<int> RunAsync(Func<IServiceProvider, Task<int>> verb, CancellationToken cancellationToken)
    {
        await using var host = await WorkerHost.BuildAsync(isWorker: false, cancellationToken);
        host.Services.StartTracing();
        await host.Services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
        await host.Services.GetRequiredService<ISnapshotStore>().MarkAbandonedRunsAsync(cancellationToken);
        return await verb(host.Services);
    }
}
