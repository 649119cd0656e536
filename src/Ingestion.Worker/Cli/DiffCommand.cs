using Ingestion.Core.Model;
using System.CommandLine;
using Ingestion.Core.Ports;
using Ingestion.Worker.Cli.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Worker.Cli;

/// <summary><c>diff &lt;dataset&gt; &lt;from-id&gt; &lt;to-id&gt; [--limit N] [--json]</c>: what changed between two snapshots.</summary>
public static class DiffCommand
{
    private static readonly string[] Headers = ["CHANGE", "YEAR", "ORIGIN", "ASYLUM", "DETAIL", "MEASURE", "OLD", "NEW"];

    public static Command Create(DatasetCatalog catalog)
    {
        var dataset = CliOptions.Dataset();
        var fromId = CliOptions.Id("from-id", "The earlier snapshot.");
        var toId = CliOptions.Id("to-id", "The later snapshot.");
        var limit = CliOptions.Limit(100);
        var json = CliOptions.Json();
        var command = new Command("diff", "Show the keys and measures that changed between two snapshots of a dataset.") { dataset, fromId, toId, limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var descriptor = CliArguments.Dataset(catalog, parse.GetValue(dataset));
            var from = CliArguments.PositiveId(parse.GetValue(fromId), "from-id");
            var to = CliArguments.PositiveId(parse.GetValue(toId), "to-id");
            return await CommandHost.ReadAsync(async services =>
            {
                var store = services.GetRequiredService<ISnapshotStore>();
                await CliArguments.RequireSnapshotsAsync(store, descriptor, cancellationToken, (from, "from-id"), (to, "to-id"));
                var changes = await store.DiffAsync(descriptor.Name, from, to, parse.GetValue(limit), cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Console.Out, changes);
                    return ExitCodes.Success;
                }

                TableWriter.Write(Console.Out, Headers, changes.Select(c => (IReadOnlyList<string>)
                [
                    c.Change, c.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), c.OriginIso ?? "", c.AsylumIso ?? "", c.Detail, c.Measure,
                    Format.Number(c.OldValue), Format.Number(c.NewValue),
                ]));
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}
