using Ingestion.Core.Model;
using Ingestion.Worker.Configuration;
using Quartz;

namespace Ingestion.Worker.Scheduling;

/// <summary>The job and cron trigger of one dataset, keyed by its name in the <see cref="DatasetJob.Group"/> group.</summary>
internal static class DatasetSchedule
{
    public static IJobDetail Job(DatasetDescriptor dataset, DatasetOptions options)
    {
        var builder = JobBuilder.Create<DatasetJob>()
            .WithIdentity(dataset.Name, DatasetJob.Group)
            .WithDescription($"Scheduled run of {dataset.Name}")
            .UsingJobData(DatasetJob.DatasetKey, dataset.Name);
        if (options.YearFrom is { } yearFrom)
        {
            builder = builder.UsingJobData(DatasetJob.YearFromKey, yearFrom);
        }

        return builder.Build();
    }

    public static ITrigger Trigger(DatasetDescriptor dataset, DatasetOptions options, TimeProvider clock) =>
        TriggerBuilder.Create(clock)
            .WithIdentity(dataset.Name, DatasetJob.Group)
            .ForJob(dataset.Name, DatasetJob.Group)
            .WithSchedule(CronScheduleBuilder.Create(options.Schedule)
                .InTimeZone(TimeZoneInfo.Utc)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();

    public static bool SameData(IJobDetail stored, IJobDetail wanted) =>
        stored.JobDataMap.Count == wanted.JobDataMap.Count
        && wanted.JobDataMap.All(pair => stored.JobDataMap.TryGetValue(pair.Key, out var value) && Equals(Normalize(value), Normalize(pair.Value)));

    /// <summary>A persistent store may hand numbers back as strings or another integer width.</summary>
    private static string? Normalize(object? value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
}
