namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>The processes each repetition runs, in order, on a fresh database.</summary>
internal enum Scenario
{
    FirstPublish,
    Unchanged,
    OnePercentRevised,
    Datasets,
    UnchangedPaced,
}

internal static class ScenarioNames
{
    public static string Describe(this Scenario scenario) => scenario switch
    {
        Scenario.FirstPublish => "ingest: first publish, empty database",
        Scenario.Unchanged => "ingest: unchanged re-run",
        Scenario.OnePercentRevised => "ingest: 1 % revised",
        Scenario.Datasets => "datasets",
        Scenario.UnchangedPaced => "ingest: unchanged, default pacing",
        _ => scenario.ToString(),
    };
}
