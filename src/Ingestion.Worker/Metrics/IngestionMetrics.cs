using Ingestion.Core.Pipeline;
using Ingestion.Core.Runs;
using Ingestion.Worker.Hosting;
using Prometheus;

namespace Ingestion.Worker.Metrics;

/// <summary>
/// The worker's Prometheus series, in a registry of its own (so two hosts in one process never share counts),
/// fed by every finished run: runs by dataset and status, run duration, rows read and HTTP retries. Every
/// dataset's series exist from the start, at zero, so the first scrape already shows each dataset (rates and
/// alerts need a series before its first increment) and <c>ingestion_build_info</c> names the build.
/// </summary>
public sealed class IngestionMetrics : IRunObserver
{
    /// <summary>The statuses a finished run reports (running and abandoned are ledger states, never an outcome).</summary>
    internal static readonly RunStatus[] OutcomeStatuses =
        [RunStatus.Published, RunStatus.Unchanged, RunStatus.Quarantined, RunStatus.Failed, RunStatus.Skipped];

    private static readonly double[] DurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly Counter _runs;
    private readonly Histogram _duration;
    private readonly Counter _rowsRead;
    private readonly Counter _retries;

    public IngestionMetrics(MeteredDatasets datasets, BuildInfo build)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(build);
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
            "ingestion_seconds_since_last_publish",
            "Seconds since the dataset's latest published snapshot, read at scrape time; NaN while it has none.",
            "dataset");
        LastPublishTimestamp = factory.CreateGauge(
            "ingestion_last_publish_timestamp_seconds",
            "Unix time of the dataset's latest published snapshot, read at scrape time; 0 while it has none.",
            "dataset");
        var enabled = factory.CreateGauge(
            "ingestion_dataset_enabled", "1 when the dataset is scheduled (Ingestion__Datasets__<name>__Enabled), else 0.", "dataset");
        factory.CreateGauge("ingestion_build_info", "Always 1: the running build's version, commit and .NET runtime.", "version", "commit", "framework")
            .WithLabels(build.Version, build.Commit, build.Framework)
            .Set(1);

        Datasets = [.. datasets.All.Select(d => d.Name)];
        foreach (var (dataset, isEnabled) in datasets.All)
        {
            enabled.WithLabels(dataset).Set(isEnabled ? 1 : 0);
            foreach (var status in OutcomeStatuses)
            {
                _runs.WithLabels(dataset, StatusLabel(status));
            }

            _duration.WithLabels(dataset);
            _rowsRead.WithLabels(dataset);
            _retries.WithLabels(dataset);
            LastPublish.WithLabels(dataset).Set(double.NaN);
            LastPublishTimestamp.WithLabels(dataset).Set(0);
        }
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    internal IReadOnlyList<string> Datasets { get; }

    internal Gauge LastPublish { get; }

    internal Gauge LastPublishTimestamp { get; }

    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _runs.WithLabels(outcome.Dataset, StatusLabel(outcome.Status)).Inc();
        _duration.WithLabels(outcome.Dataset).Observe(outcome.Duration.TotalSeconds);
        _rowsRead.WithLabels(outcome.Dataset).Inc(Math.Max(0, outcome.RowsRead));
        _retries.WithLabels(outcome.Dataset).Inc(Math.Max(0, outcome.Retries));
    }

    private static string StatusLabel(RunStatus status) => status.ToString().ToLowerInvariant();
}
