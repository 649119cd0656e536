using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Benchmarks.Parsing;

/// <summary>The real population source from the real registration, with the given settings.</summary>
internal static class PopulationSource
{
    public static (ServiceProvider Services, IDatasetSource Source) Create(Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection()
            .AddPublishers(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build())
            .BuildServiceProvider();
        return (services, services.GetServices<IDatasetSource>().Single(s => s.Dataset == UnhcrDatasets.Population));
    }
}
