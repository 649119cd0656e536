using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Runs;
using Ingestion.Worker.Runs;
using BackfillResult = Ingestion.Worker.Runs.BackfillResult;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>An <see cref="IRunLauncher"/> that records what it was asked to run and publishes nothing.</summary>
internal sealed class RecordingRunLauncher(RunRecorder recorder, FiringContext firing) : IRunLauncher
{
    public async Task<RunOutcome> RunAsync(DatasetDescriptor dataset, RunTrigger trigger, YearScope scope, bool dryRun, CancellationToken cancellationToken)
    {
        recorder.Runs.Enqueue((dataset, trigger, scope));
        if (firing.ScheduledFireTimeUtc is { } scheduled)
        {
            recorder.ScheduledFires.Enqueue(scheduled);
        }

        await recorder.RecordFireAsync(firing, dataset.Name, cancellationToken);
        if (recorder.DuringRun is { } during)
        {
            await during(cancellationToken);
        }

        return new RunOutcome(dataset.Name, 1, RunStatus.Unchanged, null, 0, 0, 0, 1, 0, 0, TimeSpan.FromMilliseconds(1), null);
    }

    public async Task<BackfillResult> BackfillAsync(BackfillRequest request, IProgress<BackfillProgress>? progress, CancellationToken cancellationToken)
    {
        recorder.Backfills.Enqueue(request);
        if (recorder.DuringRun is { } during)
        {
            await during(cancellationToken);
        }

        return new BackfillResult([], 0, null);
    }
}
