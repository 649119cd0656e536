using System.CommandLine;
using Ingestion.Core.Ports;
using Ingestion.Postgres.Migrations;
using Ingestion.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Worker.Cli;

/// <summary>
/// <c>run</c> (also what <c>ingestion</c> without a verb does): the worker. Applies migrations (advisory-locked, so
/// replicas may start together), then serves <c>/health</c> and <c>/metrics</c> and runs the scheduler until
/// SIGTERM or SIGINT. On stop, a run in flight has its cancellation token signalled and is waited for up to
/// <c>Ingestion:Host:ShutdownTimeout</c>.
/// </summary>
public static class RunCommand
{
    public const string Name = "run";

    public static Command Create()
    {
        var command = new Command(Name, "Run the worker: scheduled runs, health and metrics endpoints, until stopped (the default).");
        command.SetAction((_, cancellationToken) => RunAsync(cancellationToken));
        return command;
    }

    /// <summary>The root command's action: no verb means <c>run</c>.</summary>
    public static void MakeDefault(RootCommand root) => root.SetAction((_, cancellationToken) => RunAsync(cancellationToken));

    /// <summary>
    /// Whether the parsed command line runs the worker. The worker's host handles SIGTERM/SIGINT itself (graceful
    /// stop within its shutdown timeout), so the command line must not install its own short termination timeout.
    /// </summary>
    public static bool IsInvokedBy(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand || parse.CommandResult.Command.Name == Name;

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var host = await WorkerHost.BuildAsync(isWorker: true, cancellationToken);
        await RunWorkerAsync(host.App, cancellationToken);
        return ExitCodes.Success;
    }

    /// <summary>Runs the worker until the host is stopped (SIGTERM, SIGINT or <c>StopApplication</c>).</summary>
    public static async Task RunWorkerAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await StartWorkerAsync(app, cancellationToken);
        await app.WaitForShutdownAsync(CancellationToken.None);
    }

    /// <summary>
    /// Migrate, mark runs whose process died as abandoned (their database sessions are gone; live replicas' runs are
    /// untouched), map the endpoints, start Kestrel and the scheduler. Separate so tests can host the same worker.
    /// </summary>
    public static async Task StartWorkerAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
        await app.Services.GetRequiredService<ISnapshotStore>().MarkAbandonedRunsAsync(cancellationToken);
        app.MapWorkerEndpoints();
        await app.StartAsync(cancellationToken);
    }
}
