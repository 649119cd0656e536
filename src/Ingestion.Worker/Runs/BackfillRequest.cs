using Ingestion.Core.Model;

namespace Ingestion.Worker.Runs;

/// <summary>Backfill <paramref name="Dataset"/> from <paramref name="From"/> to <paramref name="To"/> in chunks of <paramref name="ChunkYears"/> years.</summary>
public sealed record BackfillRequest(DatasetDescriptor Dataset, int From, int To, int ChunkYears, bool DryRun);
