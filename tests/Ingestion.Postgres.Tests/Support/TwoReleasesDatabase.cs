using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Store;
using Ingestion.Testing;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;
using Npgsql;

namespace Ingestion.Postgres.Tests.Support;

/// <summary>
/// A database holding the real population release transition: 2025.06.0 (mid-year) published, then 2025.12.1
/// (shared/data/unhcr-refugees-r/*/population.csv).
/// </summary>
public sealed class TwoReleasesDatabase(PostgresServerFixture server) : IAsyncLifetime
{
    private string? _database;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public PostgresSnapshotStore Store { get; private set; } = null!;

    public PublishResult First { get; private set; } = null!;

    public PublishResult Second { get; private set; } = null!;

    public static IReadOnlyList<StatRow> MidYear2025 => Population("2025.06.0");

    public static IReadOnlyList<StatRow> YearEnd2025 => Population("2025.12.1");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _database = await server.CreateMigratedDatabaseAsync("releases");
        DataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        Store = Stores.Create(DataSource);
        First = await Store.PublishAsync(UnhcrDatasets.Population, MidYear2025, ct);
        Second = await Store.PublishAsync(UnhcrDatasets.Population, YearEnd2025, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }

    private static IReadOnlyList<StatRow> Population(string release) =>
        ReleaseTable.Read(UnhcrDatasets.Population, SharedData.File("unhcr-refugees-r", release, "population.csv"));
}
