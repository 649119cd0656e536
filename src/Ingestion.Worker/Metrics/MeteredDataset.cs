namespace Ingestion.Worker.Metrics;

/// <summary>A dataset the metrics report on, and whether it is scheduled (<c>Ingestion:Datasets:&lt;name&gt;:Enabled</c>).</summary>
public sealed record MeteredDataset(string Name, bool Enabled);
