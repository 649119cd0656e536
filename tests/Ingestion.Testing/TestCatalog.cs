using Ingestion.Core.Model;
using Ingestion.Sources;

namespace Ingestion.Testing;

/// <summary>The catalogue the program itself builds from its publishers, for tests that name datasets.</summary>
public static class TestCatalog
{
    public static DatasetCatalog Default { get; } = Publishers.Catalog;
}
