using Ingestion.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Ingestion.Worker.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>The schema the clustered job store keeps its tables in, beside <c>ingestion</c> and <c>stats</c>.</summary>
    public const string QuartzSchema = "quartz";

    /// <summary>
    /// Quartz: the dataset and backfill jobs, and a job store that is persistent and clustered in the ingestion
    /// database (schema <see cref="QuartzSchema"/>, created and validated by Quartz itself) when
    /// <c>Ingestion:Scheduler:Clustered</c> is true, in memory otherwise. Only the worker
    /// (<paramref name="isWorker"/>) starts the scheduler and synchronizes the dataset schedules; other verbs get an
    /// unstarted scheduler through which <see cref="BackfillScheduler"/> writes to the store.
    /// </summary>
    public static IServiceCollection AddIngestionScheduling(
        this IServiceCollection services, IConfiguration configuration, string connectionString, bool isWorker)
    {
        var options = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new();
        // The same default as the SchedulerOptions post-configuration: clustered outside Development.
        var clustered = options.Clustered ?? !string.Equals(configuration[HostDefaults.EnvironmentKey], Environments.Development, StringComparison.OrdinalIgnoreCase);
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = options.InstanceName;
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            quartz.UseDefaultThreadPool(options.MaxConcurrency);
            quartz.AddJobType<DatasetJob>();
            quartz.AddJobType<BackfillJob>();
            if (clustered)
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.ConfigureStore(o => o.TablePrefix = $"{QuartzSchema}.qrtz_");
                    store.ProvisionSchema();
                    store.UseClustering(c => c.CheckinInterval = options.ClusterCheckinInterval);
                });
            }
            else
            {
                quartz.UseInMemoryStore(_ => { });
            }
        });
        services.AddSingleton<BackfillScheduler>();
        if (isWorker)
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            services.AddHostedService<DatasetScheduleSynchronizer>();
        }

        return services;
    }
}
