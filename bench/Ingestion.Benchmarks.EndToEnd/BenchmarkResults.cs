namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>The counted samples: the floor per repetition, and each worker build's samples by scenario.</summary>
internal sealed class BenchmarkResults(IReadOnlyList<string> labels)
{
    public string LoadAtStart { get; } = LoadAverage();

    public IReadOnlyList<string> Labels => labels;

    public List<double> Floor { get; } = [];

    public Dictionary<string, List<Sample>> ByLabel { get; } = labels.ToDictionary(l => l, _ => new List<Sample>());

    public void Add(string label, IEnumerable<Sample> samples) => ByLabel[label].AddRange(samples);

    public IEnumerable<Scenario> Scenarios => ByLabel.Values.SelectMany(s => s).Select(s => s.Scenario).Distinct().Order();

    public List<Sample> Of(string label, Scenario scenario) => [.. ByLabel[label].Where(s => s.Scenario == scenario)];

    /// <summary>The 1, 5 and 15 minute load averages (the machine is shared: the figures are only comparable within one run).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
