using Ingestion.Core.Quality;
using Ingestion.Core.Runs;

namespace Ingestion.Core.Publishing;

/// <summary>The one rule for how a staged run ends: nothing changed → unchanged; the gate passed → published; else quarantined.</summary>
public static class SnapshotDecision
{
    public static RunStatus Decide(ScopeComparison comparison, QualityReport report)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(report);
        return comparison.Counts.IsEmpty ? RunStatus.Unchanged : report.Passed ? RunStatus.Published : RunStatus.Quarantined;
    }
}
