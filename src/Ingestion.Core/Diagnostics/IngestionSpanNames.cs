namespace Ingestion.Core.Diagnostics;

/// <summary>
/// The spans of one run, from the <c>Ingestion</c> activity source: the run, and below it its stages. Fetch and
/// parse spans are one per page and sit under <see cref="Stage"/>, because staging pulls the row stream that
/// fetches and parses the pages.
/// </summary>
public static class IngestionSpanNames
{
    public const string Run = "ingestion.run";

    /// <summary>One page's GET, retries included (the HTTP client's own spans, one per attempt, are its children).</summary>
    public const string FetchPage = "ingestion.fetch_page";

    /// <summary>Reading one page's rows, while staging takes them.</summary>
    public const string Parse = "ingestion.parse";

    /// <summary>The rows streamed into the run's staging area (hashed, buffered, binary COPY).</summary>
    public const string Stage = "ingestion.stage";

    public const string Diff = "ingestion.diff";

    public const string Gate = "ingestion.gate";

    /// <summary>Ending the run with its outcome: the publish (or quarantine) transaction, or recording it unchanged.</summary>
    public const string Publish = "ingestion.publish";
}
