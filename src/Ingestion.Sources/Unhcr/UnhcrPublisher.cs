using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Http;
using Ingestion.Sources.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Ingestion.Sources.Unhcr;

/// <summary>The UNHCR Refugee Population Statistics API (DESIGN §3): options from <c>Ingestion:Sources:Unhcr</c>.</summary>
public sealed class UnhcrPublisher : IPublisher
{
    public string Name => "unhcr";

    public IReadOnlyList<DatasetDescriptor> Datasets => UnhcrDatasets.All;

    public (string Section, Type Type) Options => (UnhcrSourceOptions.SectionName, typeof(UnhcrSourceOptions));

    public void AddSources(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<UnhcrSourceOptions>().Bind(configuration.GetSection(UnhcrSourceOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UnhcrSourceOptions>, UnhcrSourceOptionsValidator>());
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
    }
}
