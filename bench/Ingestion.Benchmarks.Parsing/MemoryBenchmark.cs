using System.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;

namespace Ingestion.Benchmarks.Parsing;

/// <summary>
/// Fetches population through the real source from the fake API over real HTTP (limit 10000, 4 in flight):
/// 14 pages is the real table; 140 pages serves it 10 times over. Reports the process's peak working set and the
/// largest managed heap right after a GC (live data plus fragmentation) sampled during the fetch. With <c>live</c>, a
/// forced full GC every 10,000 rows measures the memory actually retained (slower; peak working set is then not meaningful).
/// Run each page count in its own process.
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task RunAsync(int pages, bool measureLive)
    {
        var repeat = Math.Max(1, pages / 14);
        FakeUnhcrTable.Load(FakeUnhcrTable.LatestRelease, "population");
        await using var api = new FakeUnhcrApi { Repeat = repeat };
        await api.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Ingestion:Sources:Unhcr:BaseAddress"] = api.BaseAddress.AbsoluteUri,
            ["Ingestion:Sources:Unhcr:MinRequestInterval"] = "00:00:00",
        };
        var (services, source) = PopulationSource.Create(settings);
        await using var disposeServices = services;
        var context = new FetchContext(YearScope.All, new InMemoryRawPageArchive(keepContent: false), new FetchStatistics());

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(true);
        long maxHeap = 0;
        using var sampler = new Timer(_ => InterlockedMax(ref maxHeap, GC.GetGCMemoryInfo().HeapSizeBytes), null, 0, 5);
        var watch = Stopwatch.StartNew();
        long rows = 0;
        long maxLive = 0;
        await foreach (var unused in source.FetchAsync(context, CancellationToken.None))
        {
            if (++rows % 10000 == 0 && measureLive)
            {
                maxLive = Math.Max(maxLive, GC.GetTotalMemory(forceFullCollection: true));
            }
        }

        watch.Stop();
        InterlockedMax(ref maxHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(
            $"memory: pages={context.Statistics.Pages} rows={rows} seconds={watch.Elapsed.TotalSeconds:F2} " +
            $"peak_working_set_mb={process.PeakWorkingSet64 / 1e6:F0} max_heap_after_gc_mb={Interlocked.Read(ref maxHeap) / 1e6:F0} " +
            $"heap_before_fetch_mb={baseline / 1e6:F0} max_live_heap_mb={maxLive / 1e6:F0} gen2_collections={GC.CollectionCount(2)}");
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
