using Ingestion.Core.Model;
using Ingestion.Worker.Runs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Ingestion.Worker.Scheduling;

/// <summary>
/// A backfill handed to the cluster by <c>backfill --enqueue</c>: one firing, on whichever node acquires it.
/// Re-running a backfill skips chunks that are already current, so the job asks for recovery after a crash.
/// </summary>
[DisallowConcurrentExecution]
public sealed class BackfillJob(DatasetCatalog catalog, IRunLauncher launcher, ILogger<BackfillJob> logger) : IJob
{
    public const string Group = "backfill";
    public const string DatasetKey = "dataset";
    public const string FromKey = "from";
    public const string ToKey = "to";
    public const string ChunkKey = "chunk";
    public const string DryRunKey = "dryRun";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var request = new BackfillRequest(
            catalog.Get(data.GetString(DatasetKey) ?? ""),
            data.GetInt(FromKey),
            data.GetInt(ToKey),
            data.GetInt(ChunkKey),
            data.GetBoolean(DryRunKey));

        using var logScope = JobLogScope.Begin(logger, context, request.Dataset.Name);
        var result = await launcher.BackfillAsync(request, progress: null, cancellationToken);
        context.Result = result;
        if (result.Succeeded)
        {
            logger.LogInformation(
                "Enqueued backfill of {Dataset} {YearFrom}..{YearTo} finished: {ChunkCount} chunk(s) run, {SkippedChunks} already current",
                request.Dataset.Name, request.From, request.To, result.Chunks.Count, result.SkippedChunks);
        }
        else
        {
            // The failed chunk's run is recorded and its error logged by the launcher; this names where the backfill stopped.
            logger.LogWarning(
                "Enqueued backfill of {Dataset} {YearFrom}..{YearTo} stopped at chunk {FailedChunk}; re-running it skips the chunks already current",
                request.Dataset.Name, request.From, request.To, result.FailedChunk);
        }
    }
}
