using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Http;
using Ingestion.Sources.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ingestion.Sources.Unhcr;

/// <summary>The UNHCR Refugee Population Statistics API (DESIGN §3): options from <c>Ingestion:Sources:Unhcr</c>.</summary>
public sealed class UnhcrPublisher : IPublisher
{
    public string Name => "unhcr";

    public IReadOnlyList<DatasetDescriptor> Datasets => UnhcrDatasets.All;

    public OptionsSection Options { get; } = new(UnhcrSourceOptions.SectionName, typeof(UnhcrSourceOptions));

    public void AddSources(IServiceCollection services, IConfiguration configuration)
    {
        SourceHttp.AddPublisherHttp<UnhcrSourceOptions, UnhcrSourceOptionsValidator>(
            services.AddOptions<UnhcrSourceOptions>().Bind(configuration.GetSection(UnhcrSourceOptions.SectionName)), Name);
        services.TryAddSingleton(sp => new UnhcrPageClient(sp.GetRequiredKeyedService<SourceHttpClient>(Name)));
        foreach (var endpoint in UnhcrEndpoints.All)
        {
            services.AddSingleton<IDatasetSource>(sp => new UnhcrDatasetSource(
                endpoint, sp.GetRequiredService<UnhcrPageClient>(), sp.GetRequiredService<IOptions<UnhcrSourceOptions>>().Value));
        }
    }
}
