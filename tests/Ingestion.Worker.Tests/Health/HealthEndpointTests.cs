using System.Net;
using Ingestion.Testing.Hosting;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Scheduling;
using Npgsql;

namespace Ingestion.Worker.Tests.Health;

/// <summary>The health endpoints over real HTTP, with the worker reaching PostgreSQL through a proxy the test can cut.</summary>
public sealed class HealthEndpointTests(PostgresServerFixture server)
{
    [Fact]
    public async Task Live_ProcessUp_Returns200()
    {
        await using var proxy = ProxyTo(server);
        await using var host = await TestWorkerHost.StartAsync(await MigratedThroughAsync(proxy), WorkerSettings.InMemory());
        proxy.Cut(); // the process is up whatever the database does

        using var response = await host.Http.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await HealthResponses.ReadAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_DatabaseCutThenRestored_FlipsTo503AndBackTo200()
    {
        await using var proxy = ProxyTo(server);
        await using var host = await TestWorkerHost.StartAsync(await MigratedThroughAsync(proxy), WorkerSettings.InMemory());

        var ready = await HealthResponses.ReadyAsync(host);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(new Dictionary<string, string> { ["database"] = "Healthy", ["migrations"] = "Healthy", ["scheduler"] = "Healthy" }, ready.Checks);

        proxy.Cut();
        var down = await HealthResponses.ReadyAsync(host);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.Equal("Unhealthy", down.Checks["database"]);
        Assert.Equal("Healthy", down.Checks["scheduler"]);

        proxy.Restore();
        await Eventually.TrueAsync(async () => (await HealthResponses.ReadyAsync(host)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Ready_MigrationsBehind_Returns503NamingMigrations()
    {
        var empty = await server.EmptyAsync("health");
        await using var host = await TestWorkerHost.StartAsync(empty, WorkerSettings.InMemory(), migrate: false);

        var ready = await HealthResponses.ReadyAsync(host);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal(new Dictionary<string, string> { ["database"] = "Healthy", ["migrations"] = "Unhealthy", ["scheduler"] = "Healthy" }, ready.Checks);
    }

    private static TcpProxy ProxyTo(PostgresServerFixture server)
    {
        var target = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
        return TcpProxy.Start(target.Host ?? "127.0.0.1", target.Port);
    }

    private async Task<string> MigratedThroughAsync(TcpProxy proxy)
    {
        var direct = new NpgsqlConnectionStringBuilder(await server.MigratedAsync("health"))
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            Timeout = 3,
        };
        return direct.ConnectionString;
    }
}
