namespace Ingestion.Core.Quality;

/// <summary>Why the gate stopped a snapshot (stored as JSON in <c>ingestion.snapshots.quality_report</c>).</summary>
public sealed record QualityReport(IReadOnlyList<QualityViolation> Violations)
{
    public bool Passed => Violations.Count == 0;
}
