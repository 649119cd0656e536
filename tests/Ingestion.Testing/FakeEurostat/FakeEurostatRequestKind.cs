namespace Ingestion.Testing.FakeEurostat;

/// <summary>Which endpoint of the dissemination API a request reached (EUROSTAT-API.md §1).</summary>
public enum FakeEurostatRequestKind
{
    /// <summary><c>sdmx/2.1/data/{flow}[/{key}]</c>.</summary>
    Data,

    /// <summary><c>1.0/async/status/{uuid}</c>.</summary>
    Status,

    /// <summary><c>1.0/async/data/{uuid}</c>.</summary>
    AsyncData,

    /// <summary><c>catalogue/toc/txt</c>.</summary>
    Toc,

    /// <summary><c>sdmx/2.1/datastructure/ESTAT/{id}</c>.</summary>
    Structure,
}
