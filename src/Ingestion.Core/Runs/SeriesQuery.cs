namespace Ingestion.Core.Runs;

/// <summary>
/// One series of a dataset to follow across snapshots: a measure summed, per period, over the rows whose key
/// dimensions hold the values in <paramref name="Filter"/> (dimension name → value); dimensions not named are summed over.
/// </summary>
public sealed record SeriesQuery(string Dataset, string Measure, IReadOnlyDictionary<string, string> Filter);
