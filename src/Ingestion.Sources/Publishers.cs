using Ingestion.Core.Model;
using Ingestion.Sources.Eurostat;
using Ingestion.Sources.Publishing;
using Ingestion.Sources.Unhcr;

namespace Ingestion.Sources;

/// <summary>The publishers this program reads, one registration line each; the dataset catalogue is built from them.</summary>
public static class Publishers
{
    public static IReadOnlyList<IPublisher> All { get; } =
    [
        new UnhcrPublisher(),
        new EurostatPublisher(),
    ];

    /// <summary>The catalogue of <see cref="All"/>, built once: the CLI's argument parsing and the host share it.</summary>
    public static DatasetCatalog Catalog { get; } = CatalogOf(All);

    /// <summary>The catalogue of every dataset the given publishers declare, with the cross-publisher views they complete.</summary>
    public static DatasetCatalog CatalogOf(IEnumerable<IPublisher> publishers) =>
        new(publishers.SelectMany(p => p.Datasets), CrossPublisherViews.All);
}
