using System.CommandLine;
using Ingestion.Postgres.Migrations;
using Ingestion.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Worker.Cli;

/// <summary><c>migrate</c>: apply the embedded migrations and exit.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply database migrations and exit.");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var host = await WorkerHost.BuildAsync(isWorker: false, cancellationToken);
            await host.Services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
