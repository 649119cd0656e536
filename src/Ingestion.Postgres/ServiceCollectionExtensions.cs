using Ingestion.Core.Ports;
using Ingestion.Postgres.Migrations;
using Ingestion.Postgres.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Ingestion.Postgres;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers one <see cref="NpgsqlDataSource"/> for the process, the migration runner and the snapshot store.</summary>
    public static IServiceCollection AddIngestionPostgres(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddIngestionPostgres(NpgsqlDataSource.Create(connectionString));
    }

    /// <summary>Same, over a data source the caller built (e.g. for an embedded server); the container disposes it.</summary>
    public static IServiceCollection AddIngestionPostgres(this IServiceCollection services, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        services.AddSingleton(dataSource);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<PostgresSnapshotStore>();
        services.AddSingleton<ISnapshotStore>(sp => sp.GetRequiredService<PostgresSnapshotStore>());
        return services;
    }
}
