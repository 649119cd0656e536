using Ingestion.Core.Pipeline;
using Ingestion.Worker.Cli.Output;

namespace Ingestion.Worker.Cli;

/// <summary>The per-dataset summary <c>ingest</c>, <c>backfill</c> and <c>reprocess</c> print; failures also go to stderr, one line each.</summary>
public static class RunSummary
{
    private static readonly string[] Headers = ["DATASET", "STATUS", "SNAPSHOT", "ADDED", "REVISED", "REMOVED", "PAGES", "ROWS", "RETRIES", "DURATION"];

    public static void Write(IReadOnlyList<RunOutcome> outcomes, bool json, bool dryRun)
    {
        if (json)
        {
            JsonOutput.Write(Console.Out, new RunSummaryDocument(dryRun, outcomes));
        }
        else
        {
            if (dryRun)
            {
                Console.Out.WriteLine("Dry run: nothing was published.");
            }

            TableWriter.Write(Console.Out, Headers, outcomes.Select(o => (IReadOnlyList<string>)
            [
                o.Dataset, Format.Lower(o.Status), Format.Number(o.SnapshotId), Format.Number(o.Added), Format.Number(o.Revised),
                Format.Number(o.Removed), Format.Number(o.Pages), Format.Number(o.RowsRead), Format.Number(o.Retries), Format.Duration(o.Duration),
            ]));
        }

        foreach (var outcome in outcomes)
        {
            var gate = outcome.Quality?.Violations ?? [];
            if (!outcome.Succeeded || gate.Count > 0)
            {
                var reason = outcome.Error ?? string.Join("; ", gate.Select(v => v.Message));
                var verb = dryRun && gate.Count > 0 ? "would be quarantined" : Format.Lower(outcome.Status);
                Console.Error.WriteLine($"ingestion: {outcome.Dataset} {verb}{(reason.Length == 0 ? "" : ": " + reason)}");
            }
        }
    }
}
