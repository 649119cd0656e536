using Ingestion.Core.Model;

namespace Ingestion.Core.Ports;

/// <summary>
/// What one fetch needs besides the dataset: the year scope, where raw pages go, where to count, and the release
/// probe. A publisher that can tell its release cheaply (Eurostat's "last update of data") reports it with
/// <see cref="ReportRelease"/>; it is stored with the snapshot. When it equals <see cref="KnownRelease"/> — the release
/// of the dataset's latest published snapshot of the same scope — the source may call <see cref="MarkUnchanged"/> and
/// yield nothing: the run then ends <c>unchanged</c> without downloading the data.
/// </summary>
public sealed class FetchContext(YearScope scope, IRawPageArchive archive, FetchStatistics statistics, string? knownRelease = null)
{
    public YearScope Scope => scope;

    public IRawPageArchive Archive => archive;

    public FetchStatistics Statistics => statistics;

    /// <summary>Null when there is no such snapshot, when it recorded no release, or on reprocess (which must re-read).</summary>
    public string? KnownRelease => knownRelease;

    /// <summary>The release this fetch saw, if the source can tell.</summary>
    public string? Release { get; private set; }

    public bool SourceUnchanged { get; private set; }

    public void ReportRelease(string release)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(release);
        Release = release;
    }

    /// <summary>Declares that the release is the known one; only valid after reporting that same release.</summary>
    public void MarkUnchanged()
    {
        if (KnownRelease is null || Release != KnownRelease)
        {
            throw new InvalidOperationException($"A source may mark a fetch unchanged only when it reported the known release (known {KnownRelease ?? "none"}, reported {Release ?? "none"}).");
        }

        SourceUnchanged = true;
    }
}
