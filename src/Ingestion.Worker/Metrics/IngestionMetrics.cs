using Ingestion.Core.Pipeline;
using Prometheus;

namespace Ingestion.Worker.Metrics;

/// <summary>
/// The worker's Prometheus series, in a registry of its own (so two hosts in one process never share counts),
/// fed by every finished run: runs by dataset and status, run duration, rows read and HTTP retries.
/// </summary>
public sealed class IngestionMetrics : IRunObserver
{
    private static readonly double[] DurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly Counter _runs;
    private readonly Histogram _duration;
    private readonly Counter _rowsRead;
    private readonly Counter _retries;

    public IngestionMetrics()
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _runs = factory.CreateCounter("ingestion_runs_total", "Finished runs by dataset and final status.", "dataset", "status");
        _duration = factory.CreateHistogram("ingestion_run_duration_seconds", "Wall-clock duration of a run.", new HistogramConfiguration
        {
            LabelNames = ["dataset"],
            Buckets = DurationBuckets,
        });
        _rowsRead = factory.CreateCounter("ingestion_rows_read_total", "Rows read from the source.", "dataset");
        _retries = factory.CreateCounter("ingestion_http_retries_total", "HTTP requests retried after a transient fault.", "dataset");
        LastPublish = factory.CreateGauge(
            "ingestion_seconds_since_last_publish", "Seconds since the dataset's latest published snapshot (read at scrape time).", "dataset");
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    internal Gauge LastPublish { get; }

    public void RunFinished(RunOutcome outcome)
    {
        _runs.WithLabels(outcome.Dataset, outcome.Status.ToString().ToLowerInvariant()).Inc();
        _duration.WithLabels(outcome.Dataset).Observe(outcome.Duration.TotalSeconds);
        _rowsRead.WithLabels(outcome.Dataset).Inc(Math.Max(0, outcome.RowsRead));
        _retries.WithLabels(outcome.Dataset).Inc(Math.Max(0, outcome.Retries));
    }
}
