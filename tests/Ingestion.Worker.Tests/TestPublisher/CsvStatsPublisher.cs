using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Tests.TestPublisher;

/// <summary>
/// A publisher that exists only in this test project: it proves a publisher needs no change to Core, the store or the
/// read contract — its datasets, options and sources are all it declares.
/// </summary>
public sealed class CsvStatsPublisher : IPublisher
{
    public const string HttpClientName = "csvstats";

    public string Name => "csvstats";

    public IReadOnlyList<DatasetDescriptor> Datasets { get; } = [CsvStatsDatasets.Arrivals];

    public OptionsSection Options { get; } = new(CsvStatsOptions.SectionName, typeof(CsvStatsOptions));

    public void AddSources(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CsvStatsOptions>().Bind(configuration.GetSection(CsvStatsOptions.SectionName));
        services.AddHttpClient(HttpClientName);
        services.AddSingleton<IDatasetSource>(sp => new CsvStatsSource(
            sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<CsvStatsOptions>>().Value));
    }
}
