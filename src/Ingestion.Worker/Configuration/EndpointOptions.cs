namespace Ingestion.Worker.Configuration;

/// <summary>The worker's HTTP endpoint (health and metrics) and shutdown budget. Section <c>Ingestion:Host</c>.</summary>
public sealed class EndpointOptions
{
    public const string Section = "Ingestion:Host";

    public int Port { get; set; } = 8080;

    /// <summary>How long a stopping worker waits for a run in flight to cancel cleanly.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
