using System.CommandLine;
using Ingestion.Core.Ports;
using Ingestion.Core.Runs;
using Ingestion.Worker.Cli.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Worker.Cli;

/// <summary>
/// <c>approve &lt;snapshot-id&gt;</c> and <c>reject &lt;snapshot-id&gt;</c>: decide a quarantined snapshot. An id that names no
/// snapshot is bad usage (exit 2); a snapshot that cannot be decided now (not quarantined, dataset moved on) exits 1.
/// </summary>
public static class DecisionCommands
{
    public static Command Approve() => Create(
        "approve", "Publish a quarantined snapshot (refused if the dataset changed since it was diffed).",
        (store, id, ct) => store.ApproveAsync(id, ct));

    public static Command Reject() => Create(
        "reject", "Mark a quarantined snapshot rejected; it will never be published.",
        (store, id, ct) => store.RejectAsync(id, ct));

    private static Command Create(string name, string description, Func<ISnapshotStore, long, CancellationToken, Task<DecisionResult>> decide)
    {
        var snapshotId = CliOptions.Id("snapshot-id", "The quarantined snapshot (see `ingestion snapshots <dataset>`).");
        var json = CliOptions.Json();
        var command = new Command(name, description) { snapshotId, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = CliArguments.PositiveId(parse.GetValue(snapshotId), "snapshot-id");
            return await CommandHost.RunAsync(async services =>
            {
                var store = services.GetRequiredService<ISnapshotStore>();
                await CliArguments.RequireSnapshotsAsync(store, dataset: null, cancellationToken, (id, "snapshot-id"));
                var result = await decide(store, id, cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Console.Out, new DecisionDocument(id, result.Done, result.Message));
                }
                else if (result.Done)
                {
                    Console.Out.WriteLine(result.Message);
                }

                if (!result.Done)
                {
                    await Console.Error.WriteLineAsync($"ingestion: {result.Message}");
                }

                return result.Done ? ExitCodes.Success : ExitCodes.RunFailed;
            }, cancellationToken);
        });
        return command;
    }
}
