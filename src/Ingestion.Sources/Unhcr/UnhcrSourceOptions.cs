using Ingestion.Sources.Http;

namespace Ingestion.Sources.Unhcr;

/// <summary>Settings of the UNHCR sources, bound from <c>Ingestion:Sources:Unhcr</c>.</summary>
public sealed class UnhcrSourceOptions() : SourceHttpOptions("https://api.unhcr.org/population/v1/")
{
    public const string SectionName = "Ingestion:Sources:Unhcr";

    /// <summary>The <c>limit</c> sent with every page request.</summary>
    public int PageSize { get; set; } = 10000;

    /// <summary>Pages of one dataset fetched at the same time.</summary>
    public int MaxConcurrency { get; set; } = 4;
}
