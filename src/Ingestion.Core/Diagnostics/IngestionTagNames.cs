namespace Ingestion.Core.Diagnostics;

/// <summary>The tags the <c>Ingestion</c> spans carry.</summary>
public static class IngestionTagNames
{
    public const string Dataset = "ingestion.dataset";

    public const string RunId = "ingestion.run_id";

    /// <summary><c>schedule</c>, <c>manual</c>, <c>backfill</c> or <c>reprocess</c>.</summary>
    public const string Trigger = "ingestion.trigger";

    /// <summary>The run's years: <c>all years</c> or <c>2000..2010</c>.</summary>
    public const string Scope = "ingestion.scope";

    /// <summary>The run's final status (<c>published</c>, <c>unchanged</c>, …); on the publish span, what it decided.</summary>
    public const string Outcome = "ingestion.outcome";

    public const string Page = "ingestion.page";

    /// <summary>The OpenTelemetry semantic convention's name for a request's full URL.</summary>
    public const string Url = "url.full";
}
