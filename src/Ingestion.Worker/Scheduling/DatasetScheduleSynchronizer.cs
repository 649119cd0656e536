using Ingestion.Core.Model;
using Ingestion.Worker.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Ingestion.Worker.Scheduling;

/// <summary>
/// Makes the stored schedule match configuration when the worker starts: one job and cron trigger per enabled
/// dataset, a trigger whose cron changed replaced, jobs of datasets now disabled removed. An unchanged trigger is
/// left alone, so a firing missed while every replica was down still fires once now (its misfire instruction).
/// </summary>
public sealed class DatasetScheduleSynchronizer(
    DatasetCatalog catalog,
    ISchedulerFactory schedulers,
    IOptions<DatasetsOptions> datasets,
    TimeProvider clock,
    ILogger<DatasetScheduleSynchronizer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var enabled = catalog.All.Where(d => datasets.Value.For(d).Enabled).ToList();
        foreach (var dataset in enabled)
        {
            await ScheduleAsync(scheduler, dataset, datasets.Value.For(dataset), cancellationToken);
        }

        var stale = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(DatasetJob.Group), cancellationToken))
            .Where(key => enabled.All(d => d.Name != key.Name))
            .ToList();
        if (stale.Count > 0)
        {
            await scheduler.DeleteJobs(stale, cancellationToken);
            logger.LogInformation("Removed the schedules of disabled datasets {Datasets}", stale.Select(k => k.Name).ToList());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ScheduleAsync(IScheduler scheduler, DatasetDescriptor dataset, DatasetOptions options, CancellationToken cancellationToken)
    {
        var job = DatasetSchedule.Job(dataset, options);
        var trigger = DatasetSchedule.Trigger(dataset, options, clock);
        if (await scheduler.GetTrigger(trigger.Key, cancellationToken) is ICronTrigger existing
            && existing.CronExpressionString == options.Schedule
            && await scheduler.GetJobDetail(job.Key, cancellationToken) is { } storedJob
            && DatasetSchedule.SameData(storedJob, job))
        {
            return;
        }

        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
        logger.LogInformation(
            "Scheduled {Dataset} on cron {Schedule} (UTC); next run at {NextFireTime:u}",
            dataset.Name, options.Schedule, trigger.GetFireTimeAfter(clock.GetUtcNow()));
    }
}
