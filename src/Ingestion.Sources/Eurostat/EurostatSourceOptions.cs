using Ingestion.Sources.Http;

namespace Ingestion.Sources.Eurostat;

/// <summary>Settings of the Eurostat sources, bound from <c>Ingestion:Sources:Eurostat</c>.</summary>
public sealed class EurostatSourceOptions : SourceHttpOptions
{
    public const string SectionName = "Ingestion:Sources:Eurostat";

    public EurostatSourceOptions()
        : base("https://ec.europa.eu/eurostat/api/dissemination/")
    {
        // A year of a large flow is a few megabytes of gzip that Eurostat may take a while to extract.
        AttemptTimeout = TimeSpan.FromMinutes(2);
        TotalTimeout = TimeSpan.FromMinutes(10);
    }

    /// <summary>Requests of one dataset in flight at the same time (each is one year, or part of one).</summary>
    public int MaxConcurrency { get; set; } = 2;

    /// <summary>How often a queued (asynchronous) request's status is polled.</summary>
    public TimeSpan AsyncPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one queued request may take from submission to data before the run fails.</summary>
    public TimeSpan AsyncTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
