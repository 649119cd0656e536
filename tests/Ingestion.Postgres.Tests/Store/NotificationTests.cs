using Ingestion.Sources.Unhcr;
using System.Text.Json;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;
using Npgsql;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>The change feed: LISTEN ingestion_snapshots gets the payload, and only once the publish committed.</summary>
public sealed class NotificationTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task PublishAsync_Listener_ReceivesPayloadOnlyAfterCommit()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        await using var listener = await database.DataSource.OpenConnectionAsync(ct);
        var payloads = new List<string>();
        listener.Notification += (_, e) => payloads.Add(e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN ingestion_snapshots", listener))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        await using var session = (await store.TryBeginRunAsync(new RunRequest(UnhcrDatasets.Unrwa, RunTrigger.Schedule, YearScope.All), ct))!;
        Task<PublishResult> publish;
        await using (var blocker = await PublishBlocker.HoldAsync(database.DataSource, session.RunId))
        {
            publish = session.CompleteAsync(UnhcrDatasets.Unrwa, SyntheticRows.Grid(2020, 2021, 4), ct);
            await blocker.WaitUntilPublishIsPausedAsync();

            Assert.False(await listener.WaitAsync(TimeSpan.FromMilliseconds(500), ct));
            Assert.Empty(payloads);
        }

        var result = await publish;
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10), ct));
        using var payload = JsonDocument.Parse(Assert.Single(payloads));
        var root = payload.RootElement;
        Assert.Equal("unhcr.unrwa", root.GetProperty("dataset").GetString());
        Assert.Equal(result.SnapshotId, root.GetProperty("snapshot_id").GetInt64());
        Assert.Equal((8, 0, 0), (root.GetProperty("added").GetInt64(), root.GetProperty("revised").GetInt64(), root.GetProperty("removed").GetInt64()));
    }
}
