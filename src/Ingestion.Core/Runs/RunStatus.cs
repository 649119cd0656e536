namespace Ingestion.Core.Runs;

/// <summary>A run's state; stored lower-case in <c>ingestion.runs.status</c> (DESIGN §4).</summary>
public enum RunStatus
{
    Running,
    Published,
    Unchanged,
    Quarantined,
    Failed,
    Abandoned,
    Skipped,
}
