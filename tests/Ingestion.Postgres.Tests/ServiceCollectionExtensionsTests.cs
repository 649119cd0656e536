using Ingestion.Sources.Unhcr;
using Ingestion.Core.Ports;
using Ingestion.Postgres.Migrations;
using Ingestion.Postgres.Store;
using Ingestion.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ingestion.Postgres.Tests;

public sealed class ServiceCollectionExtensionsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task AddIngestionPostgres_ConnectionString_ResolvesOneDataSourceAndWorkingStore()
    {
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddLogging();
        services.AddSingleton(Ingestion.Testing.TestCatalog.Default).AddIngestionPostgres(database.ConnectionString);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<NpgsqlDataSource>());
        Assert.Same(provider.GetRequiredService<PostgresSnapshotStore>(), provider.GetRequiredService<ISnapshotStore>());
        Assert.Equal(MigrationCatalog.LatestVersion, await provider.GetRequiredService<MigrationRunner>().CurrentVersionAsync(TestContext.Current.CancellationToken));
        var states = await provider.GetRequiredService<ISnapshotStore>().ListDatasetStatesAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Ingestion.Testing.TestCatalog.Default.All.Select(d => d.Name), states.Select(s => s.Dataset));
    }

    [Fact]
    public void AddIngestionPostgres_EmptyConnectionString_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddIngestionPostgres(" "));
    }
}
