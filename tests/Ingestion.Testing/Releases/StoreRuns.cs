using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;

namespace Ingestion.Testing.Releases;

/// <summary>One whole run against a snapshot store: begin, stage the rows, publish, end.</summary>
public static class StoreRuns
{
    public static async Task<PublishResult> PublishAsync(
        this ISnapshotStore store, DatasetDescriptor dataset, IEnumerable<StatRow> rows, CancellationToken cancellationToken,
        YearScope scope = default, QualityGateOptions? gate = null, bool dryRun = false)
    {
        await using var session = await store.TryBeginRunAsync(new RunRequest(dataset, RunTrigger.Manual, scope), cancellationToken)
            ?? throw new InvalidOperationException($"Another run of {dataset.Name} holds the lock.");
        await session.StageAsync(rows.ToAsyncEnumerable(), cancellationToken);
        return await session.PublishAsync(gate ?? new QualityGateOptions(), dryRun, new FetchStatistics(), cancellationToken);
    }
}
