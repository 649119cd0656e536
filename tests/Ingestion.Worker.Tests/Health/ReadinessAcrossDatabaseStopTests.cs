using System.Net;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.Health;

/// <summary>
/// <c>/health/ready</c> while the worker's database is really stopped (<c>pg_ctl stop</c> of a server of this class's
/// own, not a cut proxy: the pool's connections die with it), and after it is started again, with nothing done to
/// the worker in between. The scheduler is the clustered one, as deployed, its store in that database.
/// </summary>
public sealed class ReadinessAcrossDatabaseStopTests(RestartablePostgres postgres) : IClassFixture<RestartablePostgres>
{
    private static readonly Dictionary<string, string> AllHealthy = new()
    {
        ["database"] = "Healthy",
        ["migrations"] = "Healthy",
        ["scheduler"] = "Healthy",
    };

    [Fact]
    public async Task Ready_DatabaseStoppedThenStarted_Returns503WhileStoppedAnd200AgainByItself()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("ready");
        var settings = WorkerSettings.OnlyDataset(UnhcrDatasets.Idmc.Name, "0 0 3 * * ?", clustered: true);
        await using var host = await TestWorkerHost.StartAsync(connectionString, settings);
        var before = await HealthResponses.ReadyAsync(host);

        await postgres.StopAsync();
        var stopped = await HealthResponses.ReadyAsync(host);
        await postgres.StartAsync();
        await Eventually.TrueAsync(async () => (await HealthResponses.ReadyAsync(host)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var started = await HealthResponses.ReadyAsync(host);

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(AllHealthy, before.Checks);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopped.Status);
        Assert.Equal(
            new Dictionary<string, string> { ["database"] = "Unhealthy", ["migrations"] = "Unhealthy", ["scheduler"] = "Healthy" },
            stopped.Checks);
        Assert.Equal(HttpStatusCode.OK, started.Status);
        Assert.Equal(AllHealthy, started.Checks);
    }
}
