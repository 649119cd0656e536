using System.CommandLine;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Worker.Cli.Output;
using Ingestion.Worker.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Cli;

/// <summary><c>datasets [--json]</c>: every dataset with its schedule and where it stands.</summary>
public static class DatasetsCommand
{
    private static readonly string[] Headers = ["DATASET", "ENABLED", "SCHEDULE", "CURRENT", "ROWS", "PUBLISHED", "LAST RUN", "QUARANTINED"];

    public static Command Create()
    {
        var json = CliOptions.Json();
        var command = new Command("datasets", "List the datasets, their schedules and current snapshots.") { json };
        command.SetAction(async (parse, cancellationToken) => await CommandHost.ReadAsync(async services =>
        {
            var options = services.GetRequiredService<IOptions<DatasetsOptions>>().Value;
            var states = (await services.GetRequiredService<ISnapshotStore>().ListDatasetStatesAsync(cancellationToken))
                .ToDictionary(s => s.Dataset, StringComparer.Ordinal);
            IReadOnlyList<DatasetRow> rows = services.GetRequiredService<DatasetCatalog>().All.Select(d => new DatasetRow(
                d.Name, $"stats.{d.ViewName}", options.For(d).Enabled, options.For(d).Schedule, states.GetValueOrDefault(d.Name))).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(Console.Out, rows);
                return ExitCodes.Success;
            }

            TableWriter.Write(Console.Out, Headers, rows.Select(r => (IReadOnlyList<string>)
            [
                r.Dataset, r.Enabled ? "yes" : "no", r.Schedule, Format.Number(r.State?.CurrentSnapshotId), Format.Number(r.State?.CurrentRowCount ?? 0),
                Format.Time(r.State?.LastPublishedAt), r.State?.LastRunStatus is { } status ? Format.Lower(status) : "-",
                (r.State?.QuarantinedSnapshots ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]));
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
