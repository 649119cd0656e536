using Ingestion.Worker.Runs;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Ingestion.Worker.Tests.Scheduling;

internal static class RecordingRunLauncherRegistration
{
    /// <summary>Replaces the run launcher with one recording into <paramref name="recorder"/>.</summary>
    public static IServiceCollection AddRecordingRunLauncher(this IServiceCollection services, RunRecorder recorder)
    {
        services.AddSingleton(recorder);
        services.AddScoped<FiringContext>();
        services.AddScoped<IRunLauncher, RecordingRunLauncher>();
        services.ConfigureAllQuartzSchedulers(quartz => quartz.ConfigureJobScope(
            (scope, bundle, scheduler) => scope.ServiceProvider.GetRequiredService<FiringContext>().Capture(bundle, scheduler)));
        return services;
    }
}
