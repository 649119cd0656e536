using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Store;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Worker.Tests.Cli;
using Ingestion.Worker.Tests.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ingestion.Worker.Tests.Failover;

/// <summary>
/// The pipeline as the worker composes it, on a database of a restartable server, fetching unhcr.idmc (934 rows in
/// the latest release) from the fake UNHCR API at 200 a page: 5 pages, fetched one at a time so that when page N is
/// requested, pages 1..N-1 are archived (the moment a test restarts the database is then known exactly).
/// </summary>
internal sealed class FailoverRun(WebApplication app, string connectionString, FakeUnhcrApi api) : IAsyncDisposable
{
    public const int PageSize = 200;
    public const int Pages = 5;
    public const int Rows = 934;

    public IngestionPipeline Pipeline => app.Services.GetRequiredService<IngestionPipeline>();

    public PostgresSnapshotStore Store => app.Services.GetRequiredService<PostgresSnapshotStore>();

    public static FailoverRun Create(string connectionString, FakeUnhcrApi api, TimeSpan retryBudget) =>
        new(TestWorkerHost.Build(connectionString, new Dictionary<string, string?>
        {
            ["Ingestion:Sources:Unhcr:BaseAddress"] = api.BaseAddress.ToString(),
            ["Ingestion:Sources:Unhcr:PageSize"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingestion:Sources:Unhcr:MaxConcurrency"] = "1",
            ["Ingestion:Sources:Unhcr:MinRequestInterval"] = "00:00:00",
            ["Ingestion:Scheduler:Clustered"] = "false",
            ["Ingestion:Database:RetryBudget"] = retryBudget.ToString("c"),
            ["Ingestion:Database:RetryBaseDelay"] = "00:00:00.050",
            ["Ingestion:Database:MaxRetryDelay"] = "00:00:00.250",
        }, _ => { }, isWorker: false), connectionString, api);

    public Task<RunOutcome> RunAsync() => Pipeline.RunAsync(
        new RunRequest(UnhcrDatasets.Idmc, RunTrigger.Manual, YearScope.All), new QualityGateOptions(), dryRun: false,
        TestContext.Current.CancellationToken);

    /// <summary>The data pages (not the limit=1 probe) requested from the fake API, in request order.</summary>
    public List<int> PageRequests() => [.. api.Requests.Where(r => r.Limit == PageSize).Select(r => r.Page)];

    /// <summary>Rows of a query on a connection of its own (unpooled: the pool's connections may have died with the server).</summary>
    public Task<List<string>> RowsAsync(string sql) =>
        Sql.RowsAsync(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString, sql, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
