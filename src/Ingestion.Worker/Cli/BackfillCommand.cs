using Ingestion.Core.Model;
using System.CommandLine;
using Ingestion.Worker.Cli.Output;
using Ingestion.Worker.Configuration;
using Ingestion.Worker.Runs;
using Ingestion.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Worker.Cli;

/// <summary>
/// <c>backfill &lt;dataset&gt; --from Y --to Y [--chunk N] [--dry-run] [--enqueue] [--json]</c>: one snapshot per chunk of
/// N years; a failed chunk stops it; re-running skips chunks already current; --enqueue hands it to the cluster.
/// </summary>
public static class BackfillCommand
{
    public static Command Create(DatasetCatalog catalog)
    {
        var dataset = CliOptions.Dataset();
        var from = CliOptions.From();
        var to = CliOptions.To();
        from.Required = true;
        to.Required = true;
        var chunk = new Option<int>("--chunk") { Description = "Years per chunk (one snapshot each; default 5).", DefaultValueFactory = _ => 5 };
        var dryRun = CliOptions.DryRun();
        var enqueue = new Option<bool>("--enqueue") { Description = "Schedule it as a one-off job in the running cluster and return at once." };
        var json = CliOptions.Json();
        var command = new Command("backfill", "Ingest a year range in chunks, with progress.") { dataset, from, to, chunk, dryRun, enqueue, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var descriptor = CliArguments.Dataset(catalog, parse.GetValue(dataset));
            if (!descriptor.HasPeriod)
            {
                throw new UsageException($"{descriptor.Name} is reference data without years: use `ingestion ingest {descriptor.Name}`.");
            }

            var scope = CliArguments.Scope(parse.GetValue(from), parse.GetValue(to), TimeProvider.System);
            var chunkYears = parse.GetValue(chunk);
            if (chunkYears < 1)
            {
                throw new UsageException($"--chunk must be at least 1, was {chunkYears}.");
            }

            var request = new BackfillRequest(descriptor, scope.From!.Value, scope.To!.Value, chunkYears, parse.GetValue(dryRun));
            return await CommandHost.RunAsync(async services =>
            {
                if (parse.GetValue(enqueue))
                {
                    return await EnqueueAsync(services, request, parse.GetValue(json), cancellationToken);
                }

                var printer = new BackfillProgressPrinter(Console.Error, !Console.IsErrorRedirected, services.GetRequiredService<TimeProvider>());
                var result = await services.GetRequiredService<IRunLauncher>().BackfillAsync(request, printer, cancellationToken);
                RunSummary.Write(result.Chunks, parse.GetValue(json), request.DryRun);
                if (result.SkippedChunks > 0 && !parse.GetValue(json))
                {
                    Console.Out.WriteLine($"{result.SkippedChunks} chunk(s) skipped: already current.");
                }

                if (result.FailedChunk is not null)
                {
                    await Console.Error.WriteLineAsync($"ingestion: backfill of {descriptor.Name} stopped at {result.FailedChunk}; re-run the same command to resume.");
                    return ExitCodes.RunFailed;
                }

                return ExitCodes.Success;
            }, cancellationToken, scheduler: true);
        });
        return command;
    }

    /// <summary>Stores a one-off job in the clustered scheduler; whichever replica is free runs it.</summary>
    private static async Task<int> EnqueueAsync(IServiceProvider services, BackfillRequest request, bool json, CancellationToken cancellationToken)
    {
        var job = await services.GetRequiredService<BackfillScheduler>().EnqueueAsync(request, cancellationToken);
        if (json)
        {
            JsonOutput.Write(Console.Out, new BackfillDocument(Enqueued: true, job.ToString(), request.Dataset.Name, request.From, request.To, request.ChunkYears));
        }
        else
        {
            Console.Out.WriteLine(
                $"Enqueued backfill of {request.Dataset.Name} {request.From}-{request.To} in chunks of {request.ChunkYears} years as job {job}; " +
                "a running worker picks it up (see `ingestion runs`).");
        }

        return ExitCodes.Success;
    }
}
