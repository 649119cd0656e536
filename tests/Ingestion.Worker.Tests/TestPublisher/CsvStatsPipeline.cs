using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Ports;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Ingestion.Postgres;
using Ingestion.Postgres.Migrations;
using Ingestion.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ingestion.Worker.Tests.TestPublisher;

/// <summary>
/// The real pipeline over the real store with only <see cref="CsvStatsPublisher"/> registered, on an empty database of
/// its own migrated from that publisher's catalogue alone: nothing of UNHCR's (or of any static list) is involved.
/// </summary>
public sealed class CsvStatsPipeline : IAsyncDisposable
{
    /// <summary>
    /// Release 2 drops one row of four, a quarter of the table; the default gate (10 %) would quarantine that, which is
    /// right for real datasets and beside the point here.
    /// </summary>
    private static readonly QualityGateOptions Gate = new() { MaxRemovedFraction = 0.5 };

    private readonly PostgresServerFixture _server;
    private readonly string _database;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ServiceProvider _services;

    private CsvStatsPipeline(PostgresServerFixture server, string database, NpgsqlDataSource dataSource, ServiceProvider services)
    {
        _server = server;
        _database = database;
        _dataSource = dataSource;
        _services = services;
    }

    public ISnapshotStore Store => _services.GetRequiredService<ISnapshotStore>();

    public static async Task<CsvStatsPipeline> StartAsync(PostgresServerFixture server, Uri publisherAddress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(publisherAddress);
        var database = await server.CreateEmptyDatabaseAsync("csvstats");
        var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(database));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{CsvStatsOptions.SectionName}:BaseAddress"] = publisherAddress.AbsoluteUri })
            .Build();
        var services = new ServiceCollection()
            .AddPublishers(configuration, [new CsvStatsPublisher()])
            .AddIngestionPostgres(dataSource)
            .AddSingleton<IngestionPipeline>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var pipeline = new CsvStatsPipeline(server, database, dataSource, services);
        try
        {
            await services.GetRequiredService<MigrationRunner>().ApplyAsync(ct);
            return pipeline;
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
    }

    public Task<RunOutcome> RunAsync(CancellationToken ct) =>
        _services.GetRequiredService<IngestionPipeline>().RunAsync(
            new RunRequest(CsvStatsDatasets.Arrivals, RunTrigger.Manual, YearScope.All), Gate, dryRun: false, ct);

    /// <summary>Each row of <paramref name="sql"/> as its cells joined by commas, NULL spelled out (so an empty string and NULL differ).</summary>
    public async Task<List<string>> RowsAsync(string sql, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _server.DropDatabaseAsync(_database);
    }
}
