using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Runs;

namespace Ingestion.Worker.Runs;

/// <summary>
/// Starts runs on the real pipeline: the seam between the ways a run is asked for (CLI verbs, Quartz jobs)
/// and the pipeline that fetches, stages and publishes.
/// </summary>
public interface IRunLauncher
{
    /// <summary>One run of one dataset; failures are returned as a failed outcome (and logged once), not thrown.</summary>
    Task<RunOutcome> RunAsync(DatasetDescriptor dataset, RunTrigger trigger, YearScope scope, bool dryRun, CancellationToken cancellationToken);

    /// <summary>A year range in chunks, one snapshot per chunk; stops at the first failed chunk.</summary>
    Task<BackfillResult> BackfillAsync(BackfillRequest request, IProgress<BackfillProgress>? progress, CancellationToken cancellationToken);
}
