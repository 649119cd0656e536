using System.CommandLine;
using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Ports;
using Ingestion.Core.Runs;
using Ingestion.Worker.Configuration;
using Ingestion.Worker.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Cli;

/// <summary><c>ingest &lt;dataset&gt;… | --all [--from Y --to Y] [--dry-run] [--json]</c>: one run now per dataset.</summary>
public static class IngestCommand
{
    public static Command Create(DatasetCatalog catalog)
    {
        var datasets = new Argument<string[]>("dataset") { Arity = ArgumentArity.ZeroOrMore, Description = "Datasets to run, e.g. unhcr.population." };
        var all = new Option<bool>("--all") { Description = "Every enabled dataset." };
        var from = CliOptions.From();
        var to = CliOptions.To();
        var dryRun = CliOptions.DryRun();
        var json = CliOptions.Json();
        var command = new Command("ingest", "Run datasets now and print a summary; exit 0 when each published or was unchanged.")
        {
            datasets, all, from, to, dryRun, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var names = parse.GetValue(datasets) ?? [];
            var runAll = parse.GetValue(all);
            if (runAll == (names.Length > 0))
            {
                throw new UsageException("Name one or more datasets, or --all (not both).");
            }

            var selected = names.Select(n => CliArguments.Dataset(catalog, n)).Distinct().ToList();
            var explicitScope = CliArguments.Scope(parse.GetValue(from), parse.GetValue(to), TimeProvider.System);
            if (!explicitScope.IsAll && selected.FirstOrDefault(d => !d.HasPeriod) is { } reference)
            {
                throw new UsageException($"{reference.Name} is reference data without years: drop --from/--to for it.");
            }

            // Planned once: the probe sent early and the run that takes its answer must agree on the scope (a default scope
            // reads the clock).
            IReadOnlyList<RunRequest>? plan = null;
            IReadOnlyList<RunRequest> Runs(IServiceProvider services)
            {
                if (plan is null)
                {
                    var options = services.GetRequiredService<IOptions<DatasetsOptions>>().Value;
                    var clock = services.GetRequiredService<TimeProvider>();
                    // Reference data has no years: with --all and a year range, it is still fetched whole.
                    plan = [.. (runAll ? catalog.All.Where(d => options.For(d).Enabled) : selected).Select(dataset => new RunRequest(dataset, RunTrigger.Manual,
                        !dataset.HasPeriod ? YearScope.All : explicitScope.IsAll ? options.DefaultScope(dataset, clock) : explicitScope))];
                }

                return plan;
            }

            return await CommandHost.RunAsync(async services =>
            {
                var launcher = services.GetRequiredService<IRunLauncher>();
                var outcomes = new List<RunOutcome>();
                foreach (var run in Runs(services))
                {
                    outcomes.Add(await launcher.RunAsync(run.Dataset, run.Trigger, run.Scope, parse.GetValue(dryRun), cancellationToken));
                }

                RunSummary.Write(outcomes, parse.GetValue(json), parse.GetValue(dryRun));
                return outcomes.All(o => o.Succeeded) ? ExitCodes.Success : ExitCodes.RunFailed;
            }, cancellationToken, whileOpening: services =>
            {
                // The first run's first request goes out while the database opens; later runs begin too late to gain.
                if (Runs(services) is [var first, ..]
                    && services.GetServices<IDatasetSource>().FirstOrDefault(s => s.Dataset.Name == first.Dataset.Name) is IEarlyFirstRequest early)
                {
                    early.SendFirstRequest(first.Scope);
                }
            });
        });
        return command;
    }
}
