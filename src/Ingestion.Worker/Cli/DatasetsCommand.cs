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
            var rows = services.GetRequiredService<DatasetCatalog>().All.Select(d => new
            {
                dataset = d.Name,
                view = $"stats.{d.ViewName}",
                enabled = options.For(d).Enabled,
                schedule = options.For(d).Schedule,
                state = states.GetValueOrDefault(d.Name),
            }).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(Console.Out, rows);
                return ExitCodes.Success;
            }

            TableWriter.Write(Console.Out, Headers, rows.Select(r => (IReadOnlyList<string>)
            [
                r.dataset, r.enabled ? "yes" : "no", r.schedule, Format.Number(r.state?.CurrentSnapshotId), Format.Number(r.state?.CurrentRowCount ?? 0),
                Format.Time(r.state?.LastPublishedAt), r.state?.LastRunStatus is { } status ? Format.Lower(status) : "-",
                (r.state?.QuarantinedSnapshots ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]));
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
