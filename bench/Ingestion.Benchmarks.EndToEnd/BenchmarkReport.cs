using System.Globalization;
using static Ingestion.Benchmarks.EndToEnd.BenchmarkResults;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>Markdown tables: per build, each scenario against the floor and its target; where the time goes; builds compared.</summary>
internal static class BenchmarkReport
{
    /// <summary>DESIGN's default <c>MinRequestInterval</c>: the paced run cannot be faster than this per request after the first.</summary>
    private const double DefaultPacingMs = 250;

    public static void Write(BenchmarkResults results, int revisedCount, string server)
    {
        var floor = Median(results.Floor);
        var first = results.Labels[0];
        Console.WriteLine();
        Console.WriteLine(Invariant($"unhcr.population 2025.12.1 (138,893 rows; {revisedCount:N0} revised in the 1 % release) over HTTP on 127.0.0.1; medians of {results.Floor.Count} repetitions; {Environment.ProcessorCount} cores; load average {results.LoadAtStart} at start, {LoadAverage()} at end; {server}"));
        Console.WriteLine(Invariant($"floor: psql \\copy of the CSV into a table with the same primary key, whole process: {floor:0} ms"));
        foreach (var label in results.Labels)
        {
            Console.WriteLine();
            Console.WriteLine($"### {label}");
            Console.WriteLine("| process | median ms | × floor | peak working set MB | target |");
            Console.WriteLine("|---|---:|---:|---:|---|");
            foreach (var scenario in results.Scenarios)
            {
                var samples = results.Of(label, scenario);
                var wall = Median(samples.Select(s => s.Run.WallMilliseconds));
                var peak = Median(samples.Select(s => s.Run.PeakKilobytes / 1024.0));
                Console.WriteLine(Invariant($"| {scenario.Describe()} | {wall:0} | {wall / floor:0.00} | {peak:0} | {Target(scenario, samples, wall, floor)} |"));
            }

            WritePhases(results, label);
        }

        if (results.Labels.Count > 1)
        {
            Console.WriteLine();
            Console.WriteLine($"### builds compared (median ms; ratio to {first})");
            Console.WriteLine("| process | " + string.Join(" | ", results.Labels) + " |");
            Console.WriteLine("|---|" + string.Concat(results.Labels.Select(_ => "---:|")));
            foreach (var scenario in results.Scenarios)
            {
                var baseline = Median(results.Of(first, scenario).Select(s => s.Run.WallMilliseconds));
                var cells = results.Labels.Select(l => Median(results.Of(l, scenario).Select(s => s.Run.WallMilliseconds)))
                    .Select((ms, i) => i == 0 ? Invariant($"{ms:0}") : Invariant($"{ms:0} ({ms / baseline:0.00})"));
                Console.WriteLine($"| {scenario.Describe()} | " + string.Join(" | ", cells) + " |");
            }
        }
    }

    private static void WritePhases(BenchmarkResults results, string label)
    {
        var scenarios = results.Scenarios.Where(s => results.Of(label, s).Any(x => x.Phases is not null)).ToList();
        if (scenarios.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("where the time goes (median ms; the first five add up to the process):");
        Console.WriteLine("| phase | " + string.Join(" | ", scenarios.Select(s => s.Describe())) + " |");
        Console.WriteLine("|---|" + string.Concat(scenarios.Select(_ => "---:|")));
        for (var phase = 0; phase < RunPhases.Names.Length; phase++)
        {
            var cells = scenarios.Select(s => Median(results.Of(label, s).Where(x => x.Phases is not null).Select(x => x.Phases!.Values[phase])));
            Console.WriteLine($"| {RunPhases.Names[phase]} | " + string.Join(" | ", cells.Select(c => Invariant($"{c:0}"))) + " |");
        }
    }

    private static string Target(Scenario scenario, List<Sample> samples, double wall, double floor)
    {
        string Verdict(bool met) => met ? "met" : "not yet";
        switch (scenario)
        {
            case Scenario.FirstPublish or Scenario.OnePercentRevised:
                return $"≤ 2.5 × floor: {Verdict(wall <= 2.5 * floor)}";
            case Scenario.Unchanged:
                return $"≤ 1.0 × floor: {Verdict(wall <= floor)}";
            case Scenario.Datasets:
                return $"≤ 250 ms: {Verdict(wall <= 250)}";
            case Scenario.UnchangedPaced:
                var requests = Median(samples.Select(s => (double)(s.Phases?.Requests ?? 0)));
                var pacing = (requests - 1) * DefaultPacingMs;
                return Invariant($"≤ pacing ({requests:0} requests: {pacing:0}) + 500 ms: {Verdict(wall <= pacing + 500)}");
            default:
                return "";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
