using Quartz;
using Quartz.Extensibility;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>Which Quartz firing the current DI scope belongs to (set by a job-scope callback before the job is built).</summary>
internal sealed class FiringContext
{
    public string? TriggerKey { get; private set; }

    public DateTimeOffset? ScheduledFireTimeUtc { get; private set; }

    public string? InstanceId { get; private set; }

    public void Capture(TriggerFiredBundle bundle, IScheduler scheduler)
    {
        if (TriggerKey is not null)
        {
            throw new InvalidOperationException("One DI scope served two firings; each firing must get its own.");
        }

        TriggerKey = bundle.Trigger.Key.ToString();
        ScheduledFireTimeUtc = bundle.ScheduledFireTimeUtc;
        InstanceId = scheduler.SchedulerInstanceId;
    }
}
