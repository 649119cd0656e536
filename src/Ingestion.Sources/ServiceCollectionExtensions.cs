using Ingestion.Sources;
using Ingestion.Sources.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the dataset catalogue built from <paramref name="publishers"/> (default: <see cref="Publishers.All"/>)
    /// and each publisher's sources, options and HTTP plumbing.
    /// </summary>
    public static IServiceCollection AddPublishers(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<IPublisher>? publishers = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton(publishers is null ? Publishers.Catalog : Publishers.CatalogOf(publishers));
        publishers ??= Publishers.All;
        foreach (var publisher in publishers)
        {
            publisher.AddSources(services, configuration);
        }

        return services;
    }
}
