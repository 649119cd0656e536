namespace Ingestion.Core.Quality;

/// <summary>
/// Data-quality thresholds applied to a diff before publishing (DESIGN §1). Configurable per dataset under
/// <c>Ingestion:Datasets:&lt;name&gt;:Gate</c>. Fractions are of the scope's current row count.
/// </summary>
public sealed class QualityGateOptions
{
    /// <summary>Quarantine when more than this fraction of the scope's rows would be removed.</summary>
    public double MaxRemovedFraction { get; set; } = 0.10;

    /// <summary>Quarantine when the scope's row count would drop by more than this fraction.</summary>
    public double MaxRowCountDropFraction { get; set; } = 0.10;

    /// <summary>Quarantine when a measure that had values in the scope would become all NULL.</summary>
    public bool QuarantineMeasureBecomingAllNull { get; set; } = true;

    /// <summary>Quarantine when the latest year present in the scope would disappear.</summary>
    public bool QuarantineLatestYearDisappearing { get; set; } = true;
}
