using Ingestion.Core.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Quality;
using Ingestion.Core.Rows;
using Ingestion.Core.Runs;
using Ingestion.Core.Validation;

namespace Ingestion.Core.Publishing;

/// <summary>
/// A run from its rows to its end, on an open session: validate and stage while the rows stream, compare with what is
/// current, apply the gate and the decision, and end the run (publish, quarantine or unchanged; a dry run always ends
/// unchanged and records what it would have done). The store only executes; every decision is made here.
/// <paramref name="staged"/> is called when the last row is staged (the phase timings use it).
/// </summary>
public static class StagedRun
{
    public static async Task<PublishResult> CompleteAsync(
        IRunSession session, RunRequest request, IAsyncEnumerable<StatRow> rows, QualityGateOptions gate, bool dryRun,
        FetchContext context, TimeProvider clock, CancellationToken cancellationToken, Action? staged = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var dataset = request.Dataset;
        var profile = new BatchProfile(dataset);
        using (IngestionActivitySource.StartStage(IngestionSpanNames.Stage, dataset.Name))
        {
            // Parsing on one task, validating and hashing on another: on UNHCR's population table the one task that did
            // all of it was the first publish's busiest thread, and the stream waited for it.
            var parsed = ReadAhead.Of(rows, cancellationToken);
            await session.StageAsync(parsed.ValidateAsync(dataset, request.Scope, profile, clock, cancellationToken), cancellationToken);
        }

        staged?.Invoke();
        if (context.SourceUnchanged)
        {
            await session.EndUnchangedAsync(null, dryRun ? RunStatus.Unchanged : null, context.Statistics, cancellationToken);
            return new PublishResult(RunStatus.Unchanged, null, 0, 0, 0, 0, null);
        }

        using var spans = new RunStageSpans(dataset.Name);
        spans.Begin(IngestionSpanNames.Diff);
        var comparison = await session.CompareAsync(profile, cancellationToken);
        spans.Begin(IngestionSpanNames.Gate);
        var report = QualityGate.Evaluate(gate, comparison, profile, dataset.HasPeriod);
        var outcome = SnapshotDecision.Decide(comparison, report);
        var quarantine = report.Passed ? null : report;
        spans.Begin(IngestionSpanNames.Publish)?.SetTag(IngestionTagNames.Outcome, dryRun ? "unchanged" : outcome.ToString().ToLowerInvariant());
        if (dryRun || outcome == RunStatus.Unchanged)
        {
            await session.EndUnchangedAsync(comparison, dryRun ? outcome : null, context.Statistics, cancellationToken);
            return new PublishResult(outcome, null, profile.Rows, comparison.Counts.Added, comparison.Counts.Revised, comparison.Counts.Removed, quarantine);
        }

        var snapshotId = await session.PublishAsync(comparison, profile, report, context.Release, context.Statistics, cancellationToken);
        return new PublishResult(outcome, snapshotId, profile.Rows, comparison.Counts.Added, comparison.Counts.Revised, comparison.Counts.Removed, quarantine);
    }
}
