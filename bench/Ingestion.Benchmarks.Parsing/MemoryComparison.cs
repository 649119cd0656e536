using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ingestion.Benchmarks.Parsing;

/// <summary>
/// Runs <see cref="MemoryBenchmark"/> for 14, 140 and 280 pages, each in a fresh process, and prints the medians
/// (280 shows that the peak working set of 140 pages is a plateau set by the GC's budgets, not growth).
/// </summary>
internal static partial class MemoryComparison
{
    public static async Task RunAsync(int runs, bool conserveMemory)
    {
        Console.WriteLine(conserveMemory ? "memory with DOTNET_GCConserveMemory=5 (the GC compacts the large-object heap):" : "memory with default GC settings:");
        foreach (var pages in new[] { 14, 140, 280 })
        {
            var peaks = new List<double>();
            var heaps = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var line = await RunChildAsync(pages, live: false, conserveMemory);
                Console.WriteLine("  " + line);
                peaks.Add(Value(line, "peak_working_set_mb"));
                heaps.Add(Value(line, "max_heap_after_gc_mb"));
            }

            var live = await RunChildAsync(pages, live: true, conserveMemory);
            Console.WriteLine("  " + live);
            Console.WriteLine(
                $"memory median, {pages} pages: peak working set {Median.Of(peaks):F0} MB, max managed heap after GC {Median.Of(heaps):F0} MB " +
                $"({runs} processes); max live heap {Value(live, "max_live_heap_mb"):F0} MB");
        }
    }

    private static async Task<string> RunChildAsync(int pages, bool live, bool conserveMemory)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (conserveMemory)
        {
            start.Environment["DOTNET_GCConserveMemory"] = "5";
        }

        start.ArgumentList.Add(typeof(MemoryComparison).Assembly.Location);
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Clear();
        }

        start.ArgumentList.Add("memory");
        start.ArgumentList.Add(pages.ToString(CultureInfo.InvariantCulture));
        if (live)
        {
            start.ArgumentList.Add("live");
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the memory benchmark process.");
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        return output.Split('\n').LastOrDefault(l => l.StartsWith("memory:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Memory benchmark for {pages} pages exited {child.ExitCode} without a result: {output}");
    }

    private static double Value(string line, string key) =>
        double.Parse(KeyValue().Matches(line).Single(m => m.Groups[1].Value == key).Groups[2].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\w+)=([0-9.]+)")]
    private static partial Regex KeyValue();
}
