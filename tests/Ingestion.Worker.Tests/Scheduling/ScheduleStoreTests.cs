using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Runs;
using Ingestion.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>The clustered job store across restarts: its tables, the dataset schedules, enqueued backfills.</summary>
public sealed class ScheduleStoreTests(PostgresServerFixture server)
{
    private const string Daily = "0 0 3 * * ?";
    private const string Hourly = "0 15 * * * ?";

    [Fact]
    public async Task Start_EmptyQuartzSchema_CreatesTablesAndSecondStartReusesThem()
    {
        var connectionString = await server.MigratedAsync("quartz");
        Assert.Empty(await QuartzTables.InSchemaAsync(connectionString, QuartzSchema.Name));
        var settings = WorkerSettings.OnlyDataset(UnhcrDatasets.Population.Name, Daily, clustered: true);

        await using (var first = await TestWorkerHost.StartAsync(connectionString, settings))
        {
            await first.StopAsync();
        }

        var created = await QuartzTables.InSchemaAsync(connectionString, QuartzSchema.Name);
        Assert.Contains("qrtz_job_details", created);
        Assert.Contains("qrtz_locks", created);

        var recorder = new RunRecorder();
        await using (var second = await TestWorkerHost.StartAsync(connectionString, settings, s => s.AddRecordingRunLauncher(recorder)))
        {
            Assert.Equal(SchedulerStatus.Running, await (await second.SchedulerAsync()).GetStatus(TestContext.Current.CancellationToken));
            await second.StopAsync();
        }

        Assert.Equal(created, await QuartzTables.InSchemaAsync(connectionString, QuartzSchema.Name));
        Assert.Equal(1, await QuartzTables.CountAsync(connectionString, "SELECT count(*) FROM quartz.qrtz_job_details"));
        Assert.Empty(recorder.Runs);
    }

    [Fact]
    public async Task Start_FireMissedWhileEveryNodeWasDown_FiresOnceNow()
    {
        var connectionString = await server.MigratedAsync("quartz");
        var settings = WorkerSettings.OnlyDataset(UnhcrDatasets.Population.Name, Daily, clustered: true);
        await using (var first = await TestWorkerHost.StartAsync(connectionString, settings))
        {
            await first.StopAsync();
        }

        // Two days back: the daily fire is long past the misfire threshold, as if the cluster had been down.
        Assert.Equal(1, await QuartzTables.CountAsync(connectionString, $"""
            WITH moved AS (
                UPDATE quartz.qrtz_triggers SET next_fire_time = next_fire_time - {TimeSpan.FromDays(2).Ticks}
                WHERE trigger_name = 'unhcr.population' RETURNING 1)
            SELECT count(*) FROM moved
            """));

        var recorder = new RunRecorder();
        await using var second = await TestWorkerHost.StartAsync(connectionString, settings, s => s.AddRecordingRunLauncher(recorder));
        await Eventually.TrueAsync(() => !recorder.Runs.IsEmpty, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        var run = Assert.Single(recorder.Runs);
        Assert.Equal(UnhcrDatasets.Population, run.Dataset);
        Assert.Equal(Core.Runs.RunTrigger.Schedule, run.Trigger);
    }

    [Fact]
    public async Task Start_CronChangedAndDatasetDisabled_ReplacesTriggerAndRemovesJob()
    {
        var connectionString = await server.MigratedAsync("quartz");
        var before = WorkerSettings.OnlyDataset(UnhcrDatasets.Population.Name, Daily, clustered: true);
        before[$"Ingestion:Datasets:{UnhcrDatasets.Solutions.Name}:Enabled"] = "true";
        await using (var first = await TestWorkerHost.StartAsync(connectionString, before))
        {
            var jobs = await (await first.SchedulerAsync()).GetJobKeys(GroupMatcher<JobKey>.GroupEquals(DatasetJob.Group), TestContext.Current.CancellationToken);
            Assert.Equal(["unhcr.population", "unhcr.solutions"], jobs.Select(k => k.Name).Order());
            await first.StopAsync();
        }

        var after = WorkerSettings.OnlyDataset(UnhcrDatasets.Population.Name, Hourly, clustered: true);
        await using var second = await TestWorkerHost.StartAsync(connectionString, after);
        var scheduler = await second.SchedulerAsync();
        var cancellationToken = TestContext.Current.CancellationToken;

        var trigger = Assert.IsType<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("unhcr.population", DatasetJob.Group), cancellationToken), exactMatch: false);
        Assert.Equal(Hourly, trigger.CronExpressionString);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction);
        Assert.Equal(TimeZoneInfo.Utc.Id, trigger.TimeZone.Id);
        var jobsAfter = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(DatasetJob.Group), cancellationToken);
        Assert.Equal(["unhcr.population"], jobsAfter.Select(k => k.Name));
    }

    [Fact]
    public async Task EnqueueAsync_FromCliHost_StoresJobWithoutStartingSchedulerAndWorkerRunsIt()
    {
        var connectionString = await server.MigratedAsync("quartz");
        var settings = WorkerSettings.OnlyDataset(UnhcrDatasets.Population.Name, Daily, clustered: true);
        var request = new BackfillRequest(UnhcrDatasets.AsylumDecisions, 2001, 2010, 3, DryRun: true);

        await using (var cli = TestWorkerHost.Build(connectionString, settings, isWorker: false))
        {
            var key = await cli.Services.GetRequiredService<BackfillScheduler>().EnqueueAsync(request, TestContext.Current.CancellationToken);
            var cliScheduler = await cli.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
            Assert.Equal(SchedulerStatus.Created, await cliScheduler.GetStatus(TestContext.Current.CancellationToken));
            Assert.Equal(BackfillJob.Group, key.Group);
        }

        Assert.Equal(1, await QuartzTables.CountAsync(connectionString, "SELECT count(*) FROM quartz.qrtz_job_details WHERE job_group = 'backfill'"));
        Assert.Equal(0, await QuartzTables.CountAsync(connectionString, "SELECT count(*) FROM quartz.qrtz_scheduler_state"));

        var recorder = new RunRecorder();
        await using var worker = await TestWorkerHost.StartAsync(connectionString, settings, s => s.AddRecordingRunLauncher(recorder));
        await Eventually.TrueAsync(() => !recorder.Backfills.IsEmpty, TimeSpan.FromSeconds(20));

        Assert.Equal([request], recorder.Backfills);
        await Eventually.TrueAsync(
            async () => await QuartzTables.CountAsync(connectionString, "SELECT count(*) FROM quartz.qrtz_job_details WHERE job_group = 'backfill'") == 0,
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task BackfillJob_NodeStopsMidBackfill_AnotherNodeRecoversIt()
    {
        var connectionString = await server.MigratedAsync("quartz");
        var settings = WorkerSettings.OnlyDataset(UnhcrDatasets.Population.Name, Daily, clustered: true);
        var request = new BackfillRequest(UnhcrDatasets.Demographics, 2015, 2024, 5, DryRun: false);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = new RunRecorder
        {
            DuringRun = async cancellationToken =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            },
        };
        var taking = new RunRecorder();

        await using (var cli = TestWorkerHost.Build(connectionString, settings, isWorker: false))
        {
            await cli.Services.GetRequiredService<BackfillScheduler>().EnqueueAsync(request, TestContext.Current.CancellationToken);
        }

        // A running node finds a trigger another process stored within its idle wait (30 s); a starting one at once.
        await using var first = await TestWorkerHost.StartAsync(connectionString, settings, s => s.AddRecordingRunLauncher(stopping));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await using var second = await TestWorkerHost.StartAsync(connectionString, settings, s => s.AddRecordingRunLauncher(taking));
        await first.StopAsync();
        await Eventually.TrueAsync(() => !taking.Backfills.IsEmpty, TimeSpan.FromSeconds(20));

        Assert.Equal([request], stopping.Backfills);
        Assert.Equal([request], taking.Backfills);
    }

    [Fact]
    public async Task EnqueueAsync_NotClustered_ThrowsUsageNamingTheKey()
    {
        var connectionString = await server.MigratedAsync("quartz");
        await using var cli = TestWorkerHost.Build(connectionString, WorkerSettings.InMemory(), isWorker: false);
        var request = new BackfillRequest(UnhcrDatasets.Population, 2001, 2002, 1, DryRun: false);

        var error = await Assert.ThrowsAsync<Ingestion.Worker.Configuration.UsageException>(
            () => cli.Services.GetRequiredService<BackfillScheduler>().EnqueueAsync(request, TestContext.Current.CancellationToken));

        Assert.Contains("Ingestion:Scheduler:Clustered", error.Message, StringComparison.Ordinal);
        Assert.Contains("was false", error.Message, StringComparison.Ordinal);
    }
}
