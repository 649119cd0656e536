using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.Deploy;

/// <summary>The sample names in <c>/metrics</c> of a worker that has just started and run nothing (histograms by their <c>_bucket/_sum/_count</c> series).</summary>
internal static class FreshWorkerMetrics
{
    public static async Task<HashSet<string>> SampleNamesAsync(PostgresServerFixture server, string prefix)
    {
        await using var host = await TestWorkerHost.StartAsync(await server.MigratedAsync(prefix), WorkerSettings.InMemory());
        var text = await host.Http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
    }
}
