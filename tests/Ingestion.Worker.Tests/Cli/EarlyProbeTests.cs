using System.Net;
using System.Net.Sockets;
using Ingestion.Testing.FakeUnhcr;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>
/// <c>ingest</c> sends the first run's row-count probe while the database opens (<c>IEarlyFirstRequest</c>), not
/// after: with a database that never answers, the probe still goes out, and the verb ends at the reachability
/// deadline with exit 2 and one line naming the database.
/// </summary>
public sealed class EarlyProbeTests
{
    [Fact]
    public async Task Ingest_DatabaseNeverAnswers_ProbeWentOutWhileItOpened()
    {
        await using var api = new FakeUnhcrApi();
        await api.StartAsync(TestContext.Current.CancellationToken);
        // Accepts connections and never speaks: the reachability check waits out its deadline.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var accepting = AcceptForeverAsync(silent, accepted, TestContext.Current.CancellationToken);
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var environment = CliEnvironment.For($"Host=127.0.0.1;Port={port};Username=ingestion;Password=secret", api);

        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(environment, TestContext.Current.CancellationToken, "ingest", "unhcr.population");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // Within the reachability deadline, not Npgsql's own 15 s connection timeout.
        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port} (ConnectionStrings__Ingestion): no answer within 5 s", line, StringComparison.Ordinal);
        var probe = Assert.Single(api.Requests);
        Assert.Equal(("population", 1, 1), (probe.Endpoint, probe.Limit, probe.Page));
        silent.Stop();
        await accepting;
        accepted.ForEach(s => s.Dispose());
    }

    private static async Task AcceptForeverAsync(TcpListener listener, List<Socket> accepted, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                accepted.Add(await listener.AcceptSocketAsync(cancellationToken));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The listener was stopped: the test is over.
        }
    }
}
