namespace Ingestion.Worker.Configuration;

/// <summary>Quartz settings. Section <c>Ingestion:Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Ingestion:Scheduler";

    /// <summary>
    /// Persistent, clustered job store in the ingestion database, so replicas never fire one trigger twice.
    /// Unset means: clustered outside Development, in-memory in Development.
    /// </summary>
    public bool? Clustered { get; set; }

    /// <summary>Scheduler name shared by every replica of one deployment (the cluster's identity).</summary>
    public string InstanceName { get; set; } = "ingestion";

    /// <summary>How often a clustered node checks in; a node silent for longer is considered dead and its jobs recovered.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxConcurrency { get; set; } = 4;
}
