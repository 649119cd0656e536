using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Ingestion.Worker.Health;

/// <summary>Ready only when the Quartz scheduler has started and is neither in standby nor shutting down.</summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"Scheduler {scheduler.SchedulerName} is running.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"Scheduler {scheduler.SchedulerName} is {status}.");
    }
}
