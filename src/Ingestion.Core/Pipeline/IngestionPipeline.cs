using System.Diagnostics;
using Ingestion.Core.Diagnostics;
using Ingestion.Core.Ports;
using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Microsoft.Extensions.Logging;

namespace Ingestion.Core.Pipeline;

/// <summary>
/// One run, end to end: take the dataset's lock and a run row, fetch (or re-read archived pages), validate while
/// streaming into staging, then diff, gate and publish. A failure is logged once here, with the run id and dataset
/// in scope, recorded on the run row, and returned as a failed outcome; nothing is published.
/// Cancellation records the run failed ("cancelled") and propagates.
/// </summary>
public sealed class IngestionPipeline(
    ISnapshotStore store,
    IEnumerable<IDatasetSource> sources,
    IEnumerable<IRunObserver> observers,
    TimeProvider clock,
    ILogger<IngestionPipeline> logger)
{
    private readonly Dictionary<string, IDatasetSource> _sources = sources.ToDictionary(s => s.Dataset.Name, StringComparer.Ordinal);

    /// <param name="statistics">Counters the caller may watch for progress; a new set when null.</param>
    public async Task<RunOutcome> RunAsync(
        RunRequest request, QualityGateOptions gate, bool dryRun, CancellationToken cancellationToken, FetchStatistics? statistics = null)
    {
        var dataset = request.Dataset;
        if (!_sources.TryGetValue(dataset.Name, out var source))
        {
            throw new InvalidOperationException($"No source is registered for dataset {dataset.Name}.");
        }

        using var runSpan = IngestionActivitySource.StartRun(request);
        var started = clock.GetTimestamp();
        statistics ??= new FetchStatistics();
        await using var session = await store.TryBeginRunAsync(request, cancellationToken);
        if (session is null)
        {
            logger.LogWarning("Skipped {Dataset}: another process is running it", dataset.Name);
            return Finish(new RunOutcome(dataset.Name, null, RunStatus.Skipped, null, 0, 0, 0, 0, 0, 0, clock.GetElapsedTime(started),
                "another process is running this dataset"), runSpan);
        }

        runSpan?.SetTag(IngestionTagNames.RunId, session.RunId);
        var begun = clock.GetTimestamp();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RunId"] = session.RunId, ["Dataset"] = dataset.Name });
        logger.LogInformation("Run {RunId} of {Dataset} started: {Trigger}, {Scope}{DryRun}",
            session.RunId, dataset.Name, request.Trigger, request.Scope, dryRun ? ", dry run" : "");
        try
        {
            var staged = begun;
            // A run that loses its database connection resumes here: same run, pages from the archive, staging rebuilt.
            var result = await session.ResumingAsync(async attemptToken =>
            {
                statistics.RestartPages();
                // A reprocess must re-read its pages whatever the release, so it gets no release or pages to compare with.
                var reprocess = request.ReprocessOf is not null;
                var context = new FetchContext(request.Scope, session.Archive, statistics,
                    reprocess ? null : session.KnownRelease, reprocess ? KnownPages.None : session.KnownPages);
                var rows = request.ReprocessOf is { } archivedRun
                    ? source.ParseArchivedAsync(store.ReadArchivedPagesAsync(archivedRun, attemptToken), context, attemptToken)
                    : source.FetchAsync(context, attemptToken);
                return await StagedRun.CompleteAsync(session, request, rows, gate, dryRun, context, clock, attemptToken, () => staged = clock.GetTimestamp());
            }, cancellationToken);
            // Where a run's time goes, for bench/Ingestion.Benchmarks.EndToEnd (fetch, parse and stage overlap: they stream).
            logger.LogInformation("Run {RunId} of {Dataset} phases: begin {BeginMs} ms, fetch+parse+stage {StageMs} ms, diff+gate+publish {PublishMs} ms",
                session.RunId, dataset.Name, Milliseconds(started, begun), Milliseconds(begun, staged), Milliseconds(staged, clock.GetTimestamp()));
            var outcome = new RunOutcome(dataset.Name, session.RunId, result.Status, result.SnapshotId, result.Added, result.Revised,
                result.Removed, statistics.Pages, statistics.Rows, statistics.Retries, clock.GetElapsedTime(started), null,
                result.QualityReport is { Passed: false } report ? report : null, session.DatabaseRetries);
            logger.LogInformation(
                "Run {RunId} of {Dataset} ended {Status}: snapshot {SnapshotId}, {Added} added, {Revised} revised, {Removed} removed, {Pages} pages, {Rows} rows, {Retries} retries, {DatabaseRetries} database retries",
                session.RunId, dataset.Name, result.Status, result.SnapshotId, result.Added, result.Revised, result.Removed,
                statistics.Pages, statistics.Rows, statistics.Retries, session.DatabaseRetries);
            return Finish(outcome, runSpan);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await session.FailAsync("cancelled", statistics, CancellationToken.None);
            logger.LogWarning("Run {RunId} of {Dataset} cancelled; nothing was published", session.RunId, dataset.Name);
            Finish(Failed(dataset.Name, session, statistics, started, "cancelled"), runSpan);
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reason = ErrorText.FirstLine(e.Message);
            runSpan?.AddException(e);
            logger.LogError(e, "Run {RunId} of {Dataset} failed: {Reason}", session.RunId, dataset.Name, reason);
            await session.FailAsync(reason, statistics, CancellationToken.None);
            return Finish(Failed(dataset.Name, session, statistics, started, reason), runSpan);
        }
    }

    private RunOutcome Failed(string dataset, IRunSession session, FetchStatistics statistics, long started, string reason) =>
        new(dataset, session.RunId, RunStatus.Failed, null, 0, 0, 0, statistics.Pages, statistics.Rows, statistics.Retries, clock.GetElapsedTime(started), reason,
            DatabaseRetries: session.DatabaseRetries);

    private RunOutcome Finish(RunOutcome outcome, Activity? runSpan)
    {
        IngestionActivitySource.RecordOutcome(runSpan, outcome);
        foreach (var observer in observers)
        {
            observer.RunFinished(outcome);
        }

        return outcome;
    }

    private long Milliseconds(long from, long to) => (long)clock.GetElapsedTime(from, to).TotalMilliseconds;
}
