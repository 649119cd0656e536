using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Http;
using Ingestion.Sources.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ingestion.Sources.Eurostat;

/// <summary>Eurostat's dissemination API (DESIGN §3b): options from <c>Ingestion:Sources:Eurostat</c>.</summary>
public sealed class EurostatPublisher : IPublisher
{
    public string Name => "eurostat";

    public IReadOnlyList<DatasetDescriptor> Datasets => EurostatDatasets.All;

    public OptionsSection Options { get; } = new(EurostatSourceOptions.SectionName, typeof(EurostatSourceOptions));

    public void AddSources(IServiceCollection services, IConfiguration configuration)
    {
        SourceHttp.AddPublisherHttp<EurostatSourceOptions, EurostatSourceOptionsValidator>(
            services.AddOptions<EurostatSourceOptions>().Bind(configuration.GetSection(EurostatSourceOptions.SectionName)), Name);
        services.TryAddSingleton(sp => new EurostatClient(
            sp.GetRequiredKeyedService<SourceHttpClient>(Name), sp.GetRequiredService<IOptions<EurostatSourceOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        foreach (var flow in EurostatFlow.All)
        {
            services.AddSingleton<IDatasetSource>(sp => new EurostatDatasetSource(
                flow, sp.GetRequiredService<EurostatClient>(), sp.GetRequiredService<IOptions<EurostatSourceOptions>>().Value));
        }
    }
}
