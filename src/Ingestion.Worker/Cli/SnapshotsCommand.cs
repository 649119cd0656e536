using Ingestion.Core.Model;
using System.CommandLine;
using Ingestion.Core.Ports;
using Ingestion.Worker.Cli.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Worker.Cli;

/// <summary><c>snapshots &lt;dataset&gt; [--limit N] [--json]</c>: a dataset's snapshots, newest first.</summary>
public static class SnapshotsCommand
{
    private static readonly string[] Headers = ["SNAPSHOT", "STATUS", "RUN", "CREATED", "PUBLISHED", "YEARS", "ROWS", "ADDED", "REVISED", "REMOVED"];

    public static Command Create(DatasetCatalog catalog)
    {
        var dataset = CliOptions.Dataset();
        var limit = CliOptions.Limit(20);
        var json = CliOptions.Json();
        var command = new Command("snapshots", "List a dataset's snapshots (published, quarantined, rejected).") { dataset, limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var descriptor = CliArguments.Dataset(catalog, parse.GetValue(dataset));
            return await CommandHost.ReadAsync(async services =>
            {
                var snapshots = await services.GetRequiredService<ISnapshotStore>().ListSnapshotsAsync(descriptor.Name, parse.GetValue(limit), cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Console.Out, snapshots);
                    return ExitCodes.Success;
                }

                TableWriter.Write(Console.Out, Headers, snapshots.Select(s => (IReadOnlyList<string>)
                [
                    s.SnapshotId.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Status, s.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Format.Time(s.CreatedAt), Format.Time(s.PublishedAt), Format.Years(s.YearFrom, s.YearTo), Format.Number(s.RowCount),
                    Format.Number(s.Added), Format.Number(s.Revised), Format.Number(s.Removed),
                ]));
                foreach (var quarantined in snapshots.Where(s => s.Status == "quarantined"))
                {
                    Console.Out.WriteLine($"Snapshot {quarantined.SnapshotId} is quarantined: {quarantined.QualityReportJson}");
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}
