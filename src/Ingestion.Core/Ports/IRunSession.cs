using Ingestion.Core.Quality;
using Ingestion.Core.Runs;

namespace Ingestion.Core.Ports;

/// <summary>
/// One run of one dataset, holding the dataset's cross-process lock until disposed. The pipeline stages the
/// normalized rows, then either publishes (or finds them unchanged / quarantines them) or records the failure.
/// Disposing a session that neither published nor failed records it failed.
/// </summary>
public interface IRunSession : IAsyncDisposable
{
    long RunId { get; }

    /// <summary>Where the source archives this run's raw pages (content-addressed, linked to the run).</summary>
    IRawPageArchive Archive { get; }

    /// <summary>Binary COPY of the rows into this run's staging area. Returns the number of rows staged.</summary>
    Task<long> StageAsync(IAsyncEnumerable<Model.StatRow> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Diffs the staged rows against the current versions inside the run's scope, applies the gate and, unless
    /// <paramref name="dryRun"/>, publishes in one transaction (versions, snapshot row, NOTIFY) or stores a
    /// quarantined snapshot. Ends the run row with the outcome and the fetch statistics.
    /// </summary>
    Task<PublishResult> PublishAsync(QualityGateOptions gate, bool dryRun, FetchStatistics statistics, CancellationToken cancellationToken);

    /// <summary>Ends the run <c>failed</c> with a one-line reason; nothing is published.</summary>
    Task FailAsync(string reason, FetchStatistics statistics, CancellationToken cancellationToken);
}
