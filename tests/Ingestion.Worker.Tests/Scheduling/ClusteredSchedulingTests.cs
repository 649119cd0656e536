using Ingestion.Testing.Postgres;
using Ingestion.Worker.Scheduling;

namespace Ingestion.Worker.Tests.Scheduling;

public sealed class ClusteredSchedulingTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string Dataset = "unhcr.population";

    [Fact]
    public async Task ScheduledJob_TwoClusteredHostsTriggerEverySecond_EachFireRunsExactlyOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await RunRecorder.CreateFireTableAsync(database.DataSource, cancellationToken);
        var recorder = new RunRecorder(database.DataSource);
        var settings = WorkerSettings.OnlyDataset(Dataset, "* * * * * ?", clustered: true);

        await using (var first = await TestWorkerHost.StartAsync(database.ConnectionString, settings, s => s.AddRecordingRunLauncher(recorder)))
        await using (var second = await TestWorkerHost.StartAsync(database.ConnectionString, settings, s => s.AddRecordingRunLauncher(recorder)))
        {
            var firstScheduler = await first.SchedulerAsync();
            var secondScheduler = await second.SchedulerAsync();
            Assert.Equal(firstScheduler.SchedulerName, secondScheduler.SchedulerName);
            Assert.NotEqual(firstScheduler.SchedulerInstanceId, secondScheduler.SchedulerInstanceId);
            Assert.True((await firstScheduler.GetMetadata(cancellationToken)).JobStoreClustered);

            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            await first.StopAsync();
            await second.StopAsync();
        }

        var fires = await QuartzTables.CountAsync(database.ConnectionString, "SELECT count(*) FROM public.test_fires");
        var distinctFires = await QuartzTables.CountAsync(
            database.ConnectionString, "SELECT count(DISTINCT (trigger_key, scheduled_fire_time)) FROM public.test_fires");
        Assert.Equal(distinctFires, fires);
        // About ten fires in ten seconds; the bounds only prove the cluster fired (a loaded CI machine starts hosts late).
        Assert.InRange(fires, 6, 14);
        Assert.Equal(fires, recorder.Runs.Count);
        Assert.All(recorder.Runs, run => Assert.Equal(Dataset, run.Dataset.Name));

        var tables = await QuartzTables.InSchemaAsync(database.ConnectionString, QuartzSchema.Name);
        Assert.Superset(
            new HashSet<string> { "qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_fired_triggers", "qrtz_locks", "qrtz_scheduler_state" },
            tables.ToHashSet());
        Assert.Empty(await QuartzTables.InSchemaAsync(database.ConnectionString, "public"));
        Assert.Empty(await QuartzTables.InSchemaAsync(database.ConnectionString, "ingestion"));
    }
}
