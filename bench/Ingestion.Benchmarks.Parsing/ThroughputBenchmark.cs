using Ingestion.Sources.Unhcr;
using System.Buffers;
using System.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;

namespace Ingestion.Benchmarks.Parsing;

/// <summary>
/// Parse + normalize throughput on one thread: the 14 real population pages (limit 10000, API format as the fake
/// serves it) are built in memory once, then re-parsed through the source's <c>ParseArchivedAsync</c> (same parser as a fetch).
/// </summary>
internal static class ThroughputBenchmark
{
    private const int Limit = 10000;

    public static async Task RunAsync(int runs)
    {
        var table = FakeUnhcrTable.Load(FakeUnhcrTable.LatestRelease, "population");
        var range = table.Range(null, null);
        var pages = new List<RawPage>();
        for (var page = 1; (long)(page - 1) * Limit < range.Count; page++)
        {
            var buffer = new ArrayBufferWriter<byte>();
            table.WritePage(buffer, range, Limit, page);
            pages.Add(new RawPage(UnhcrDatasets.Population.Name, page, $"population/?page={page}", buffer.WrittenMemory.ToArray()));
        }

        var (services, source) = PopulationSource.Create();
        await using var disposeServices = services;
        Console.WriteLine($"throughput: {pages.Count} population pages, {range.Count:N0} rows, {pages.Sum(p => p.Content.Length) / 1e6:F1} MB JSON");

        for (var warmUp = 0; warmUp < 5; warmUp++)
        {
            await ParseAsync(source, pages); // JIT tiering and dynamic PGO settle before measuring
        }

        var rates = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var rows = await ParseAsync(source, pages);
            watch.Stop();
            rates.Add(rows / watch.Elapsed.TotalSeconds);
            Console.WriteLine($"  run {run}: {rows:N0} rows in {watch.Elapsed.TotalMilliseconds:F0} ms = {rates[^1]:N0} rows/s");
        }

        Console.WriteLine($"throughput median: {Median.Of(rates):N0} rows/s (one thread, {runs} runs)");
    }

    private static async Task<long> ParseAsync(IDatasetSource source, List<RawPage> pages)
    {
        var context = new FetchContext(YearScope.All, new InMemoryRawPageArchive(), new FetchStatistics());
        long rows = 0;
        await foreach (var unused in source.ParseArchivedAsync(Replay(pages), context, CancellationToken.None))
        {
            rows++;
        }

        return rows;
    }

    private static async IAsyncEnumerable<RawPage> Replay(List<RawPage> pages)
    {
        foreach (var page in pages)
        {
            await Task.CompletedTask;
            yield return page;
        }
    }
}
