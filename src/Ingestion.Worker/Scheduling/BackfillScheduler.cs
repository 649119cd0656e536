using Ingestion.Worker.Configuration;
using Ingestion.Worker.Runs;
using Microsoft.Extensions.Options;
using Quartz;

namespace Ingestion.Worker.Scheduling;

/// <summary>
/// <c>backfill --enqueue</c>: stores a one-off <see cref="BackfillJob"/> in the clustered job store and returns at
/// once; a running worker acquires and runs it. The scheduler here is only used to write to the store and is
/// never started, so the CLI process fires nothing itself.
/// </summary>
public sealed class BackfillScheduler(ISchedulerFactory schedulers, QuartzSchema schema, IOptions<SchedulerOptions> options, TimeProvider clock)
{
    public async Task<JobKey> EnqueueAsync(BackfillRequest request, CancellationToken cancellationToken)
    {
        if (options.Value.Clustered != true)
        {
            throw new UsageException(
                $"backfill --enqueue hands the backfill to the running cluster, which needs {SchedulerOptions.Section}:Clustered "
                + "(Ingestion__Scheduler__Clustered) to be true, was false.");
        }

        var key = new JobKey($"{request.Dataset.Name}.{request.From}-{request.To}.{Guid.NewGuid():N}", BackfillJob.Group);
        var job = JobBuilder.Create<BackfillJob>()
            .WithIdentity(key)
            .WithDescription($"Backfill of {request.Dataset.Name} {request.From}..{request.To} in chunks of {request.ChunkYears} year(s)")
            .RequestRecovery()
            .UsingJobData(BackfillJob.DatasetKey, request.Dataset.Name)
            .UsingJobData(BackfillJob.FromKey, request.From)
            .UsingJobData(BackfillJob.ToKey, request.To)
            .UsingJobData(BackfillJob.ChunkKey, request.ChunkYears)
            .UsingJobData(BackfillJob.DryRunKey, request.DryRun)
            .Build();
        var trigger = TriggerBuilder.Create(clock).WithIdentity(key.Name, key.Group).ForJob(key).StartNow().Build();

        await schema.EnsureCreatedAsync(cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.ScheduleJob(job, [trigger], default, cancellationToken);
        return key;
    }
}
