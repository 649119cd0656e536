using Ingestion.Sources.Unhcr;
using System.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>How the worker's scheduler starts and stops: store choice, configuration errors, a run in flight at shutdown.</summary>
public sealed class WorkerLifecycleTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task StopAsync_RunInFlight_SignalsTheJobTokenAndStopsWithinShutdownTimeout()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new RunRecorder
        {
            DuringRun = async cancellationToken =>
            {
                started.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }
            },
        };
        var settings = WorkerSettings.OnlyDataset(UnhcrDatasets.Population.Name, "* * * * * ?", clustered: false);
        settings["Ingestion:Host:ShutdownTimeout"] = "00:00:20";
        await using var host = await TestWorkerHost.StartAsync(database.ConnectionString, settings, s => s.AddRecordingRunLauncher(recorder));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        var stopping = Stopwatch.StartNew();
        await host.StopAsync();

        Assert.True(cancelled.Task.IsCompletedSuccessfully, "The running job's cancellation token was not signalled on shutdown.");
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Single(recorder.Runs);
    }

    [Fact]
    public async Task ScheduledRun_YearFromConfigured_RunsThatYearToNextYearAsScheduleTrigger()
    {
        var recorder = new RunRecorder();
        var settings = WorkerSettings.OnlyDataset(UnhcrDatasets.AsylumApplications.Name, "* * * * * ?", clustered: false);
        settings[$"Ingestion:Datasets:{UnhcrDatasets.AsylumApplications.Name}:YearFrom"] = "2019";
        await using var host = await TestWorkerHost.StartAsync(database.ConnectionString, settings, s => s.AddRecordingRunLauncher(recorder));

        await Eventually.TrueAsync(() => !recorder.Runs.IsEmpty, TimeSpan.FromSeconds(15));
        await host.StopAsync();

        var run = recorder.Runs.First();
        Assert.Equal(UnhcrDatasets.AsylumApplications, run.Dataset);
        Assert.Equal(RunTrigger.Schedule, run.Trigger);
        Assert.Equal(YearScope.Between(2019, TimeProvider.System.GetUtcNow().Year + 1), run.Scope);
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task AddIngestionScheduling_ClusteredUnset_IsClusteredOutsideDevelopment(string environment, bool clustered)
    {
        await using var app = TestWorkerHost.Build(
            database.ConnectionString, new Dictionary<string, string?>(), isWorker: false, environment: environment);
        await app.Services.GetRequiredService<QuartzSchema>().EnsureCreatedAsync(TestContext.Current.CancellationToken);

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        var metadata = await scheduler.GetMetadata(TestContext.Current.CancellationToken);

        Assert.Equal(clustered, metadata.JobStoreClustered);
        Assert.Equal(clustered, metadata.JobStorePersistent);
        Assert.Equal(clustered, app.Services.GetRequiredService<IOptions<Ingestion.Worker.Configuration.SchedulerOptions>>().Value.Clustered);
    }

    [Fact]
    public async Task StartAsync_InvalidCron_FailsNamingKeyAndValue()
    {
        var settings = WorkerSettings.OnlyDataset(UnhcrDatasets.Population.Name, "every day at 3", clustered: false);
        await using var app = TestWorkerHost.Build(database.ConnectionString, settings, isWorker: false);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Ingestion:Datasets:unhcr.population:Schedule must be a Quartz cron expression, was 'every day at 3'", error.Message, StringComparison.Ordinal);
    }
}
