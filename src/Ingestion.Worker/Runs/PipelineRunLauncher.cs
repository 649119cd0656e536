using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Ports;
using Ingestion.Core.Runs;
using Ingestion.Worker.Configuration;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Runs;

/// <summary>Runs datasets on the real pipeline with each dataset's configured quality gate; backfills chunk by chunk.</summary>
public sealed class PipelineRunLauncher(
    IngestionPipeline pipeline,
    ISnapshotStore store,
    IOptions<DatasetsOptions> datasets,
    TimeProvider clock) : IRunLauncher
{
    /// <summary>How often a backfill reports fetch progress while a chunk runs.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public Task<RunOutcome> RunAsync(DatasetDescriptor dataset, RunTrigger trigger, YearScope scope, bool dryRun, CancellationToken cancellationToken) =>
        pipeline.RunAsync(new RunRequest(dataset, trigger, scope), datasets.Value.For(dataset).Gate, dryRun, cancellationToken);

    public async Task<BackfillResult> BackfillAsync(BackfillRequest request, IProgress<BackfillProgress>? progress, CancellationToken cancellationToken)
    {
        var chunks = BackfillChunks.Split(request.From, request.To, request.ChunkYears);
        var current = await CurrentScopesAsync(request.Dataset, cancellationToken);
        var started = clock.GetTimestamp();
        var outcomes = new List<RunOutcome>();
        var skipped = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            var number = i + 1;
            void Report(string what, long pages, long expectedPages, long rows) => progress?.Report(new BackfillProgress(
                number, chunks.Count, chunk.From!.Value, chunk.To!.Value, what, pages, expectedPages, rows, clock.GetElapsedTime(started)));

            if (!request.DryRun && current.Contains(chunk))
            {
                skipped++;
                Report("skipped (already current)", 0, 0, 0);
                continue;
            }

            Report("started", 0, 0, 0);
            var statistics = new FetchStatistics();
            var run = pipeline.RunAsync(
                new RunRequest(request.Dataset, RunTrigger.Backfill, chunk), datasets.Value.For(request.Dataset).Gate, request.DryRun, cancellationToken, statistics);
            // The delay ignores cancellation on purpose: cancelling ends the run itself, which ends this loop.
            while (await Task.WhenAny(run, Task.Delay(ProgressInterval, clock, CancellationToken.None)) != run)
            {
                Report("fetching", statistics.Pages, statistics.ExpectedPages, statistics.Rows);
            }

            var outcome = await run;
            outcomes.Add(outcome);
            var status = outcome.Status.ToString().ToLowerInvariant();
            Report(status, outcome.Pages, statistics.ExpectedPages, outcome.RowsRead);
            if (!outcome.Succeeded)
            {
                var reason = outcome.Error is null ? status : $"{status}: {outcome.Error}";
                return new BackfillResult(outcomes, skipped, $"chunk {number} of {chunks.Count} ({chunk}) {reason}");
            }
        }

        return new BackfillResult(outcomes, skipped, null);
    }

    /// <summary>
    /// Scopes whose latest real run (dry runs change nothing) published or found the data unchanged: re-running the
    /// same backfill skips these chunks.
    /// </summary>
    private async Task<HashSet<YearScope>> CurrentScopesAsync(DatasetDescriptor dataset, CancellationToken cancellationToken)
    {
        var runs = await store.ListRunsAsync(dataset.Name, 1000, cancellationToken);
        var latestByScope = runs
            .Where(r => r.YearFrom is not null && !r.IsDryRun && r.Status is not (RunStatus.Skipped or RunStatus.Running))
            .GroupBy(r => new YearScope(r.YearFrom, r.YearTo))
            .Select(g => g.MaxBy(r => r.RunId)!);
        return [.. latestByScope
            .Where(r => r.Status is RunStatus.Published or RunStatus.Unchanged)
            .Select(r => new YearScope(r.YearFrom, r.YearTo))];
    }
}
