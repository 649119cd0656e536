using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Sources.Eurostat;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing;
using Ingestion.Testing.FakeEurostat;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ingestion.Postgres.Tests.Docs;

/// <summary>
/// What docs/reading-the-data.md is written against: the two real population releases (2025.06.0, then 2025.12.1),
/// UNHCR's asylum applications of 2025.12.1, and Eurostat's real <c>migr_asyappctza</c> export read by the real
/// Eurostat source from the fake dissemination API over HTTP.
/// </summary>
public sealed class DocExamplesDatabase(PostgresServerFixture server) : IAsyncLifetime
{
    private string? _database;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _database = await server.CreateMigratedDatabaseAsync("docs");
        DataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        var store = Stores.Create(DataSource);
        await store.PublishAsync(UnhcrDatasets.Population, TwoReleasesDatabase.MidYear2025, ct);
        await store.PublishAsync(UnhcrDatasets.Population, TwoReleasesDatabase.YearEnd2025, ct);
        await store.PublishAsync(UnhcrDatasets.AsylumApplications, Release(UnhcrDatasets.AsylumApplications, "asylum_applications.csv"), ct);
        await store.PublishAsync(EurostatDatasets.AsylumApplicants, await EurostatApplicantsAsync(ct), ct);

        // Statistics, as autovacuum would have gathered long before anyone read a real database: unanalyzed tables
        // written a moment ago can get the documented queries planned as nested loops (one outlasted the 30 s command
        // timeout in a CI run on a loaded machine).
        await using var analyze = DataSource.CreateCommand("ANALYZE");
        await analyze.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }

    /// <summary>A release table's rows a year at a time, as a source yields them (the package CSV is not sorted by year).</summary>
    private static IReadOnlyList<StatRow> Release(DatasetDescriptor dataset, string file) =>
        [.. ReleaseTable.Read(dataset, SharedData.File("unhcr-refugees-r", "2025.12.1", file)).OrderBy(r => r.Period)];

    private static async Task<IReadOnlyList<StatRow>> EurostatApplicantsAsync(CancellationToken ct)
    {
        await using var api = new FakeEurostatApi(EurostatRealData.Applicants);
        await api.StartAsync(ct);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ingestion:Sources:Eurostat:BaseAddress"] = api.BaseAddress.AbsoluteUri,
            ["Ingestion:Sources:Eurostat:MinRequestInterval"] = "00:00:00",
        }).Build();
        await using var services = new ServiceCollection().AddPublishers(configuration).BuildServiceProvider();
        var source = services.GetServices<IDatasetSource>().Single(s => s.Dataset == EurostatDatasets.AsylumApplicants);
        var rows = new List<StatRow>();
        await foreach (var row in source.FetchAsync(new FetchContext(YearScope.All, new InMemoryRawPageArchive(keepContent: false), new FetchStatistics()), ct))
        {
            rows.Add(row);
        }

        return rows;
    }
}
