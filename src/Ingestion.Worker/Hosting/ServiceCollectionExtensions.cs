using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Postgres;
using Ingestion.Postgres.Resilience;
using Ingestion.Sources;
using Ingestion.Sources.Publishing;
using Ingestion.Worker.Runs;
using Ingestion.Worker.Configuration;
using Ingestion.Worker.Health;
using Ingestion.Worker.Metrics;
using Ingestion.Worker.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ingestion.Worker.Hosting;

/// <summary>Every registration of the worker, in one place (the composition root calls these two).</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddIngestionOptions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<EndpointOptions>().Bind(configuration.GetSection(EndpointOptions.Section)).ValidateOnStart();
        services.AddOptions<SchedulerOptions>()
            .Bind(configuration.GetSection(SchedulerOptions.Section))
            .PostConfigure(o => o.Clustered ??= !environment.IsDevelopment())
            .ValidateOnStart();
        services.AddOptions<DatasetsOptions>()
            .Configure(o => configuration.GetSection(DatasetsOptions.Section).Bind(o.ByName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EndpointOptions>, EndpointOptionsValidator>();
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        services.AddSingleton<IValidateOptions<DatasetsOptions>, DatasetsOptionsValidator>();
        services.AddDatabaseResilienceOptions().Bind(configuration.GetSection(DatabaseResilienceOptions.Section));
        services.AddPublishers(configuration);
        services.AddSingleton(ConfigurationKeys());
        return services;
    }

    /// <summary>Every options section the worker binds, with its type: what a configuration key may name.</summary>
    public static ConfigurationKeyCatalog ConfigurationKeys()
    {
        List<OptionsSection> sections =
        [
            new(EndpointOptions.Section, typeof(EndpointOptions)),
            new(SchedulerOptions.Section, typeof(SchedulerOptions)),
            new(DatabaseResilienceOptions.Section, typeof(DatabaseResilienceOptions)),
            new(Database.EmbeddedPostgresOptions.Section, typeof(Database.EmbeddedPostgresOptions)),
        ];
        foreach (var publisher in Publishers.All)
        {
            sections.Add(publisher.Options);
        }

        return new ConfigurationKeyCatalog(sections);
    }

    /// <param name="dataSource">The process's one data source, asked for when first resolved (see <see cref="WorkerHost"/>).</param>
    /// <param name="scheduler">Quartz for a one-shot verb that uses it; the worker (<paramref name="isWorker"/>) always has it.</param>
    public static IServiceCollection AddIngestionServices(
        this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, NpgsqlDataSource> dataSource, bool isWorker, bool scheduler = false)
    {
        services.AddIngestionPostgres(dataSource);
        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<IRunLauncher, PipelineRunLauncher>();
        if (isWorker || scheduler)
        {
            services.AddIngestionScheduling(configuration, isWorker);
        }

        services.AddIngestionTracing(configuration, BuildInfo.Of(typeof(ServiceCollectionExtensions).Assembly));
        if (isWorker)
        {
            // Only the worker is scraped: a CLI verb's process ends before any scrape could see its metrics, and building
            // them (the Prometheus registry, a series per dataset) is start-up its user waits for.
            // The one place the metrics learn which datasets there are.
            services.AddSingleton(provider => new MeteredDatasets(provider.GetRequiredService<DatasetCatalog>().All.Select(d =>
                new MeteredDataset(d.Name, provider.GetRequiredService<IOptions<DatasetsOptions>>().Value.For(d).Enabled))));
            services.AddIngestionMetrics();
            services.AddIngestionHealth();
        }

        return services;
    }
}
