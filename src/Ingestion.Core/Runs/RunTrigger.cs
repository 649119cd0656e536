namespace Ingestion.Core.Runs;

/// <summary>What started a run; stored lower-case in <c>ingestion.runs.trigger</c>.</summary>
public enum RunTrigger
{
    Schedule,
    Manual,
    Backfill,
    Reprocess,
}
