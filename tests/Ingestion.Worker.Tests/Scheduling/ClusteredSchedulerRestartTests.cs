using Ingestion.Core.Runs;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing.Postgres;
using Quartz;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>
/// The clustered scheduler rides through a restart of its database (<c>pg_ctl restart -m fast</c> of a server of this
/// class's own): its store access fails while the server is down and is retried, and triggers due after the restart
/// still fire and run their job, each fire once.
/// </summary>
public sealed class ClusteredSchedulerRestartTests(RestartablePostgres postgres) : IClassFixture<RestartablePostgres>
{
    private static readonly string Dataset = UnhcrDatasets.Idmc.Name;

    [Fact]
    public async Task ScheduledJob_DatabaseRestarted_TriggersDueAfterTheRestartStillRunTheirJob()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = await postgres.CreateMigratedDatabaseAsync("quartz_restart");
        var recorder = new RunRecorder();
        var settings = WorkerSettings.OnlyDataset(Dataset, "* * * * * ?", clustered: true);
        await using var host = await TestWorkerHost.StartAsync(connectionString, settings, s => s.AddRecordingRunLauncher(recorder));
        await Eventually.TrueAsync(() => !recorder.ScheduledFires.IsEmpty, TimeSpan.FromSeconds(20));

        await postgres.RestartAsync();
        var restarted = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => recorder.ScheduledFires.Count(fire => fire > restarted) >= 3, TimeSpan.FromSeconds(45));
        var scheduler = await host.SchedulerAsync();
        var status = await scheduler.GetStatus(cancellationToken);
        var clustered = (await scheduler.GetMetadata(cancellationToken)).JobStoreClustered;
        await host.StopAsync();

        Assert.Equal((SchedulerStatus.Running, true), (status, clustered));
        var fires = recorder.ScheduledFires.ToList();
        Assert.Distinct(fires); // no fire ran twice across the restart
        Assert.Equal(fires.Count, recorder.Runs.Count);
        Assert.All(recorder.Runs, run => Assert.Equal((Dataset, RunTrigger.Schedule), (run.Dataset.Name, run.Trigger)));
    }
}
