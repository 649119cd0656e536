using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;

namespace Ingestion.Testing.Releases;

/// <summary>One whole run against a snapshot store, as the pipeline does it: begin, stage, compare, decide, end.</summary>
public static class StoreRuns
{
    public static async Task<PublishResult> PublishAsync(
        this ISnapshotStore store, DatasetDescriptor dataset, IEnumerable<StatRow> rows, CancellationToken cancellationToken,
        YearScope scope = default, QualityGateOptions? gate = null, bool dryRun = false, TimeProvider? clock = null)
    {
        await using var session = await store.TryBeginRunAsync(new RunRequest(dataset, RunTrigger.Manual, scope), cancellationToken)
            ?? throw new InvalidOperationException($"Another run of {dataset.Name} holds the lock.");
        return await session.CompleteAsync(dataset, rows, cancellationToken, scope, gate, dryRun, clock);
    }

    /// <summary>Stages <paramref name="rows"/> on an open session and ends it as the pipeline would.</summary>
    public static Task<PublishResult> CompleteAsync(
        this IRunSession session, DatasetDescriptor dataset, IEnumerable<StatRow> rows, CancellationToken cancellationToken,
        YearScope scope = default, QualityGateOptions? gate = null, bool dryRun = false, TimeProvider? clock = null) =>
        StagedRun.CompleteAsync(session, new RunRequest(dataset, RunTrigger.Manual, scope), rows.ToAsyncEnumerable(), gate ?? new QualityGateOptions(),
            dryRun, new FetchContext(scope, session.Archive, new FetchStatistics()), clock ?? TimeProvider.System, cancellationToken);
}
