using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;
using Ingestion.Core.Rows;
using Ingestion.Core.Runs;

namespace Ingestion.Core.Ports;

/// <summary>
/// One run of one dataset, holding the dataset's cross-process lock until disposed. The pipeline stages the
/// validated rows, asks for the comparison with what is current, decides (Core's gate and decision), and ends the
/// run with exactly one of publish / quarantine / unchanged / fail. Disposing a session that did none records it failed.
/// </summary>
public interface IRunSession : IAsyncDisposable
{
    long RunId { get; }

    /// <summary>How many times this run retried the database so far (recorded on the run row).</summary>
    int DatabaseRetries { get; }

    /// <summary>Where the source archives this run's raw pages (content-addressed, linked to the run).</summary>
    IRawPageArchive Archive { get; }

    /// <summary>The release recorded with the dataset's latest published snapshot of this run's scope, or null.</summary>
    string? KnownRelease { get; }

    /// <summary>
    /// The pages archived by the run that published the dataset's latest snapshot, when that snapshot's scope is this
    /// run's and this run is no reprocess; empty otherwise.
    /// </summary>
    KnownPages KnownPages { get; }

    /// <summary>
    /// Runs <paramref name="attempt"/> (staging to the run's end). When the run's database connection is lost, waits
    /// for the database within the retry budget, takes the dataset's lock and the run row back on a new connection
    /// (the same run id), and runs the attempt again from an empty staging area; the pages already archived are
    /// read from the archive. A publish whose COMMIT may have happened is checked before anything is retried.
    /// </summary>
    Task<T> ResumingAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken);

    /// <summary>Binary COPY of the rows into this run's staging area (rows may stay in memory until needed).</summary>
    Task StageAsync(IAsyncEnumerable<HashedRow> rows, CancellationToken cancellationToken);

    /// <summary>Diffs the staged rows against the current versions inside the run's scope (nothing is written).</summary>
    Task<ScopeComparison> CompareAsync(BatchProfile staged, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: the new versions, the snapshot row (published, or quarantined with <paramref name="report"/>
    /// and the diff parked), the NOTIFY for a publish, and the run row's end. Returns the snapshot id.
    /// </summary>
    Task<long> PublishAsync(ScopeComparison comparison, BatchProfile staged, QualityReport report, string? release, FetchStatistics statistics, CancellationToken cancellationToken);

    /// <summary>Ends the run <c>unchanged</c>; a dry run records what it would have done in <paramref name="dryRunOutcome"/>.</summary>
    Task EndUnchangedAsync(ScopeComparison? comparison, RunStatus? dryRunOutcome, FetchStatistics statistics, CancellationToken cancellationToken);

    /// <summary>Ends the run <c>failed</c> with a one-line reason; nothing is published.</summary>
    Task FailAsync(string reason, FetchStatistics statistics, CancellationToken cancellationToken);
}
