using System.Diagnostics.CodeAnalysis;
using Ingestion.Postgres.Resilience;
using Ingestion.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;

namespace Ingestion.Worker.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Quartz: the dataset and backfill jobs, and a job store that is persistent and clustered in the ingestion
    /// database (schema <see cref="QuartzSchema.Name"/>; Quartz creates and validates its tables there) when
    /// <c>Ingestion:Scheduler:Clustered</c> is true, in memory otherwise. Only the worker
    /// (<paramref name="isWorker"/>) starts the scheduler and synchronizes the dataset schedules; <c>backfill</c> gets an
    /// unstarted scheduler through which <see cref="BackfillScheduler"/> writes to the store; other verbs do without.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification =
        "The store's connections come from our NpgsqlDataSource, not from driver types named as strings; the natively compiled image's smoke test runs the clustered store.")]
    public static IServiceCollection AddIngestionScheduling(
        this IServiceCollection services, IConfiguration configuration, bool isWorker)
    {
        var options = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new();
        var database = configuration.GetSection(DatabaseResilienceOptions.Section).Get<DatabaseResilienceOptions>() ?? new();
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
                    // The process's one NpgsqlDataSource, so Quartz shares the ingestion database's pool.
                    store.UsePostgres(source => source.DataSourceFactory = provider => provider.GetRequiredService<NpgsqlDataSource>());
                    store.ConfigureStore(o =>
                    {
                        o.TablePrefix = QuartzSchema.TablePrefix;
                        // A backfill (which requests recovery) stopped by a node's shutdown is handed to another node.
                        o.RecoverFiringsCancelledByShutdown = true;
                        // Quartz retries its own store access (acquiring triggers, completing jobs, checking in) until
                        // the database is back; these make it see a restart or failover (57P01, a refused connection)
                        // as we do and wait no longer between tries than a run's own retries do.
                        o.IsTransient = e => DatabaseFaults.IsTransient(e.GetBaseException()) || DatabaseFaults.IsTransient(e);
                        o.DbRetryInterval = database.MaxRetryDelay;
                        o.TransientRetryInterval = database.RetryBaseDelay;
                    });
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
        services.AddSingleton<QuartzSchema>();

        if (isWorker)
        {
            if (clustered)
            {
                // Before Quartz's hosted service: its scheduler provisions the tables when it is created.
                services.AddHostedService(provider => provider.GetRequiredService<QuartzSchema>());
            }

            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            services.AddHostedService<DatasetScheduleSynchronizer>();
        }

        return services;
    }
}
