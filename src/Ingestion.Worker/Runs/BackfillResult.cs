using Ingestion.Core.Pipeline;

namespace Ingestion.Worker.Runs;

/// <summary>The chunks a backfill ran (or skipped as already current) and, when it stopped early, the chunk that failed.</summary>
public sealed record BackfillResult(IReadOnlyList<RunOutcome> Chunks, int SkippedChunks, string? FailedChunk)
{
    public bool Succeeded => FailedChunk is null;
}
