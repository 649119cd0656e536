namespace Ingestion.Core.Runs;

/// <summary>One page of a snapshot's revised values, largest change first, and how many there are in all.</summary>
public sealed record RevisionPage(IReadOnlyList<RevisionRecord> Rows, long Total);
