using Ingestion.Core.Model;
using System.CommandLine;
using Ingestion.Core.Ports;
using Ingestion.Worker.Cli.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Worker.Cli;

/// <summary><c>runs [--dataset D] [--limit N] [--json]</c>: the run ledger, newest first.</summary>
public static class RunsCommand
{
    private static readonly string[] Headers = ["RUN", "DATASET", "TRIGGER", "STATUS", "STARTED", "YEARS", "PAGES", "ROWS", "SNAPSHOT", "DB RETRIES", "ERROR"];

    public static Command Create(DatasetCatalog catalog)
    {
        var dataset = new Option<string?>("--dataset") { Description = "Only this dataset." };
        var limit = CliOptions.Limit(20);
        var json = CliOptions.Json();
        var command = new Command("runs", "List recent runs, newest first.") { dataset, limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(dataset) is { } given ? CliArguments.Dataset(catalog, given).Name : null;
            return await CommandHost.ReadAsync(async services =>
            {
                var runs = await services.GetRequiredService<ISnapshotStore>().ListRunsAsync(name, parse.GetValue(limit), cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Console.Out, runs);
                }
                else
                {
                    TableWriter.Write(Console.Out, Headers, runs.Select(r => (IReadOnlyList<string>)
                    [
                        r.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Dataset, Format.Lower(r.Trigger), r.DryRunOutcome is { } wouldBe ? $"dry run: {Format.Lower(wouldBe)}" : Format.Lower(r.Status),
                        Format.Time(r.StartedAt), Format.Years(r.YearFrom, r.YearTo), Format.Number(r.Pages), Format.Number(r.RowsRead),
                        Format.Number(r.SnapshotId), Format.Number(r.DatabaseRetries), r.Error ?? "",
                    ]));
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}
