namespace Ingestion.Worker.Configuration;

/// <summary>The worker's HTTP endpoint (health, metrics, status page) and shutdown budget. Section <c>Ingestion:Host</c>.</summary>
public sealed class EndpointOptions
{
    public const string Section = "Ingestion:Host";

    public int Port { get; set; } = 8080;

    /// <summary>How long a stopping worker waits for a run in flight to cancel cleanly.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Serve the read-only status page (<c>/</c>, <c>/datasets/…</c>, <c>/snapshots/…</c>); false answers 404 there.</summary>
    public bool StatusPage { get; set; } = true;
}
