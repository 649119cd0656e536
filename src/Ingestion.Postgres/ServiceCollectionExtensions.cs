using Ingestion.Core.Ports;
using Ingestion.Postgres.Migrations;
using Ingestion.Postgres.Resilience;
using Ingestion.Postgres.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;

namespace Ingestion.Postgres;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="NpgsqlDataSource"/> for the process, the migration runner, the snapshot store and the
    /// named database pipeline (<see cref="DatabaseResiliencePipeline.Name"/>), tuned by <see cref="DatabaseResilienceOptions"/>
    /// (bind <c>Ingestion:Database</c> to change the defaults).
    /// </summary>
    public static IServiceCollection AddIngestionPostgres(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddIngestionPostgres(NpgsqlDataSource.Create(connectionString));
    }

    /// <summary>Same, over a data source the caller built (e.g. for an embedded server); the container disposes it.</summary>
    public static IServiceCollection AddIngestionPostgres(this IServiceCollection services, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        // A factory, not the instance: the container disposes only what it created (an instance stays the caller's).
        return services.AddIngestionPostgres(_ => dataSource);
    }

    /// <summary>
    /// Same, over a data source the caller provides when it is first resolved (the host builds its container while the
    /// database opens); the container disposes it.
    /// </summary>
    public static IServiceCollection AddIngestionPostgres(this IServiceCollection services, Func<IServiceProvider, NpgsqlDataSource> dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        services.AddSingleton(dataSource);
        services.TryAddSingleton(TimeProvider.System);
        services.AddDatabaseResilienceOptions();
        services.AddResiliencePipeline(DatabaseResiliencePipeline.Name, (builder, context) => DatabaseResiliencePipeline.Configure(
            builder,
            context.ServiceProvider.GetRequiredService<IOptions<DatabaseResilienceOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>(),
            context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(DatabaseResiliencePipeline.Name)));
        services.AddSingleton<DatabaseRetry>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<PostgresSnapshotStore>();
        services.AddSingleton<ISnapshotStore>(sp => sp.GetRequiredService<PostgresSnapshotStore>());
        return services;
    }

    /// <summary>
    /// <see cref="DatabaseResilienceOptions"/> with its validator, checked at start; the host binds the section (its
    /// configuration check validates them on a container of its own, without the store).
    /// </summary>
    public static OptionsBuilder<DatabaseResilienceOptions> AddDatabaseResilienceOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseResilienceOptions>, DatabaseResilienceOptionsValidator>());
        return services.AddOptions<DatabaseResilienceOptions>().ValidateOnStart();
    }
}
