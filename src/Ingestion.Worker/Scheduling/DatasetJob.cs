using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Worker.Configuration;
using Ingestion.Worker.Runs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Ingestion.Worker.Scheduling;

/// <summary>
/// The scheduled run of one dataset. Quartz builds each firing in its own DI scope (so the launcher and what it
/// injects belong to that firing); the job opens a log scope and calls the launcher. Failures
/// propagate; the launcher logs a failed run once, at the run boundary.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DatasetJob(DatasetCatalog catalog, IRunLauncher launcher, TimeProvider clock, ILogger<DatasetJob> logger) : IJob
{
    public const string Group = "datasets";
    public const string DatasetKey = "dataset";
    public const string YearFromKey = "yearFrom";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var dataset = catalog.Get(data.GetString(DatasetKey) ?? context.JobDetail.Key.Name);
        // YearFrom travels in the job's data: the stored schedule is what the cluster agreed on, whichever replica fires it.
        var scope = DefaultRunScope.For(dataset, data.ContainsKey(YearFromKey) ? data.GetInt(YearFromKey) : null, clock);

        using var logScope = JobLogScope.Begin(logger, context, dataset.Name);
        var outcome = await launcher.RunAsync(dataset, RunTrigger.Schedule, scope, dryRun: false, cancellationToken);
        context.Result = outcome;
        logger.LogInformation(
            "Scheduled run {RunId} of {Dataset} ({YearScope}) ended {RunStatus} in {Duration}",
            outcome.RunId, dataset.Name, scope.ToString(), outcome.Status, outcome.Duration);
    }
}
