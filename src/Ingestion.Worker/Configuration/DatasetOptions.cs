using Ingestion.Core.Quality;

namespace Ingestion.Worker.Configuration;

/// <summary>One dataset's schedule and gate. Section <c>Ingestion:Datasets:&lt;name&gt;</c> (name with dots or underscores).</summary>
public sealed class DatasetOptions
{
    /// <summary>Daily at 03:00 UTC: UNHCR publishes a few times a year and corrects in between.</summary>
    public const string DefaultSchedule = "0 0 3 * * ?";

    public bool Enabled { get; set; } = true;

    /// <summary>Quartz cron expression (seconds first).</summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>First year a run without explicit years fetches (to next year, see <see cref="DefaultRunScope"/>); unset means the full history.</summary>
    public int? YearFrom { get; set; }

    public QualityGateOptions Gate { get; set; } = new();
}
