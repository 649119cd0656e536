using System.CommandLine;
using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Ports;
using Ingestion.Core.Runs;
using Ingestion.Worker.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Cli;

/// <summary><c>reprocess &lt;run-id&gt; [--dry-run] [--json]</c>: re-normalize a run's archived raw pages into a snapshot, without the network.</summary>
public static class ReprocessCommand
{
    public static Command Create()
    {
        var runId = CliOptions.Id("run-id", "The run whose archived pages to reprocess (see `ingestion runs`).");
        var dryRun = CliOptions.DryRun();
        var json = CliOptions.Json();
        var command = new Command("reprocess", "Rebuild a snapshot from a run's archived raw pages (no network).") { runId, dryRun, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = CliArguments.PositiveId(parse.GetValue(runId), "run-id");
            return await CommandHost.RunAsync(async services =>
            {
                var store = services.GetRequiredService<ISnapshotStore>();
                var run = await store.GetRunAsync(id, cancellationToken) ?? throw new UsageException($"run-id {id} names no run (see `ingestion runs`).");
                if (run.Pages == 0)
                {
                    throw new UsageException($"Run {id} archived no pages (status {run.Status.ToString().ToLowerInvariant()}); nothing to reprocess.");
                }

                var dataset = CliArguments.Dataset(services.GetRequiredService<DatasetCatalog>(), run.Dataset);
                var scope = run.YearFrom is null ? YearScope.All : YearScope.Between(run.YearFrom.Value, run.YearTo!.Value);
                var gate = services.GetRequiredService<IOptions<DatasetsOptions>>().Value.For(dataset).Gate;
                var outcome = await services.GetRequiredService<IngestionPipeline>().RunAsync(
                    new RunRequest(dataset, RunTrigger.Reprocess, scope, ReprocessOf: id), gate, parse.GetValue(dryRun), cancellationToken);
                RunSummary.Write([outcome], parse.GetValue(json), parse.GetValue(dryRun));
                return outcome.Succeeded ? ExitCodes.Success : ExitCodes.RunFailed;
            }, cancellationToken);
        });
        return command;
    }
}
