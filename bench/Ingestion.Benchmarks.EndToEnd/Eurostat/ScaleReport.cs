using System.Globalization;
using System.Text.Json;

namespace Ingestion.Benchmarks.EndToEnd.Eurostat;

/// <summary>Collects the scale benchmark's processes and queries and prints them as one table, ratios to the floor.</summary>
internal sealed class ScaleReport(long rows)
{
    private readonly List<(string Scenario, ProcessRun Run, JsonElement? Outcome)> _runs = [];
    private readonly Dictionary<string, long> _written = [];
    private readonly List<(long Snapshot, long Rows, double Milliseconds)> _asOf = [];

    public void Add(string scenario, ProcessRun run, JsonElement? outcome)
    {
        _runs.Add((scenario, run, outcome));
        Console.WriteLine($"{scenario}: {run.WallMilliseconds / 1000:0.0} s, peak RSS {run.PeakKilobytes / 1024} MB{Phases(run)}");
    }

    public void Written(string scenario, long versions) => _written[scenario] = versions;

    public void AsOf(long snapshot, long count, double medianMilliseconds) => _asOf.Add((snapshot, count, medianMilliseconds));

    public void Write(string server)
    {
        var floor = _runs[0].Run.WallMilliseconds;
        Console.WriteLine();
        Console.WriteLine($"Eurostat scale benchmark: {rows:N0} observations, {server}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine();
        Console.WriteLine("| scenario | wall | × floor | fetch+parse+stage | diff+gate+publish | peak RSS | run status | rows read | added / revised / removed | versions written |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|---:|---|---:|");
        foreach (var (scenario, run, outcome) in _runs)
        {
            var status = outcome?.GetProperty("status").GetString() ?? "";
            var read = outcome is { } o ? o.GetProperty("rows_read").GetInt64().ToString("N0", CultureInfo.InvariantCulture) : "";
            var counts = outcome is { } c ? $"{Count(c, "added")} / {Count(c, "revised")} / {Count(c, "removed")}" : "";
            var written = _written.TryGetValue(scenario, out var w) ? w.ToString("N0", CultureInfo.InvariantCulture) : "";
            var phases = RunPhases.From(run, []);
            var stage = phases is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{phases.Stage / 1000:0.0} s");
            var publish = phases is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{phases.Publish / 1000:0.0} s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario} | {run.WallMilliseconds / 1000:0.0} s | {run.WallMilliseconds / floor:0.00} | {stage} | {publish} | {run.PeakKilobytes / 1024} MB | {status} | {read} | {counts} | {written} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| as of snapshot | rows (CN → DE) | median of 21 queries |");
        Console.WriteLine("|---:|---:|---:|");
        foreach (var (snapshot, count, ms) in _asOf)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {snapshot} | {count:N0} | {ms:0.0} ms |"));
        }
    }

    /// <summary>Where the run's time went, from its own phase line (see <see cref="RunPhases"/>).</summary>
    private static string Phases(ProcessRun run) => RunPhases.From(run, []) is { } p
        ? string.Create(CultureInfo.InvariantCulture, $" (start {p.Host / 1000:0.0} s, fetch+parse+stage {p.Stage / 1000:0.0} s, diff+gate+publish {p.Publish / 1000:0.0} s, exit {p.Exit / 1000:0.0} s)")
        : "";

    private static string Count(JsonElement outcome, string name) =>
        outcome.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64().ToString("N0", CultureInfo.InvariantCulture) : "-";
}
