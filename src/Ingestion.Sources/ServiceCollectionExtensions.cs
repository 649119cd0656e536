using Ingestion.Core.Ports;
using Ingestion.Sources.Http;
using Ingestion.Sources.Unhcr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="IDatasetSource"/> per UNHCR dataset, the options from <c>Ingestion:Sources:Unhcr</c>
    /// (validated at start), the named HTTP client and the named resilience pipeline.
    /// </summary>
    public static IServiceCollection AddUnhcrSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<UnhcrSourceOptions>().Bind(configuration.GetSection(UnhcrSourceOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UnhcrSourceOptions>, UnhcrSourceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddHttpClient(JsonPageClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddResiliencePipeline(UnhcrResiliencePipeline.Name, (builder, context) => UnhcrResiliencePipeline.Configure(
            builder,
            context.ServiceProvider.GetRequiredService<IOptions<UnhcrSourceOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>(),
            context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(UnhcrResiliencePipeline.Name)));
        services.TryAddSingleton(sp => new RequestPacer(
            sp.GetRequiredService<IOptions<UnhcrSourceOptions>>().Value.MinRequestInterval,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<JsonPageClient>();
        foreach (var endpoint in UnhcrEndpoints.All)
        {
            services.AddSingleton<IDatasetSource>(sp => new UnhcrDatasetSource(
                endpoint, sp.GetRequiredService<JsonPageClient>(), sp.GetRequiredService<IOptions<UnhcrSourceOptions>>().Value));
        }

        return services;
    }
}
