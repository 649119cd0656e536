using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Worker.Configuration;

namespace Ingestion.Worker.Cli;

/// <summary>Turns raw arguments into domain values, or a <see cref="UsageException"/> naming what was wrong (exit 2).</summary>
public static class CliArguments
{
    public static DatasetDescriptor Dataset(DatasetCatalog catalog, string? name) =>
        (name is null ? null : DatasetsOptions.Resolve(catalog, name))
        ?? throw new UsageException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", catalog.Names)}.");

    public static YearScope Scope(int? from, int? to, TimeProvider clock)
    {
        if (from is null && to is null)
        {
            return YearScope.All;
        }

        if (from is null || to is null)
        {
            // The UNHCR API silently ignores a lone bound and returns the whole history (DESIGN §3).
            throw new UsageException("--from and --to go together: give both years, or neither for the full history.");
        }

        var nextYear = clock.GetUtcNow().Year + 1;
        foreach (var (option, year) in new[] { ("--from", from.Value), ("--to", to.Value) })
        {
            if (year < 1950 || year > nextYear)
            {
                throw new UsageException($"{option} must be a year between 1950 and {nextYear}, was {year}.");
            }
        }

        return from > to
            ? throw new UsageException($"--from {from} is after --to {to}.")
            : YearScope.Between(from.Value, to.Value);
    }

    public static long PositiveId(long value, string what) =>
        value > 0 ? value : throw new UsageException($"{what} must be a positive number, was {value}.");

    /// <summary>
    /// Each id must name a snapshot (of <paramref name="dataset"/> when given). An id that names none is bad usage, not
    /// a failed run: exit 2, with every such id in the one line.
    /// </summary>
    public static async Task RequireSnapshotsAsync(
        ISnapshotStore store, DatasetDescriptor? dataset, CancellationToken cancellationToken, params (long Id, string What)[] ids)
    {
        var problems = new List<string>();
        foreach (var (id, what) in ids)
        {
            var snapshot = await store.GetSnapshotAsync(id, cancellationToken);
            if (snapshot is null)
            {
                problems.Add($"{what} {id} names no snapshot");
            }
            else if (dataset is not null && snapshot.Dataset != dataset.Name)
            {
                problems.Add($"{what} {id} is a snapshot of {snapshot.Dataset}, not of {dataset.Name}");
            }
        }

        if (problems.Count > 0)
        {
            throw new UsageException($"{string.Join("; ", problems)} (see `ingestion snapshots <dataset>`).");
        }
    }
}
