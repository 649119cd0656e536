namespace Ingestion.Core.Model;

/// <summary>
/// The series a dataset is best looked at by default (the status page's chart): one measure, with the key fields that
/// pin it down (the others summed over). A publisher declares it, since only it knows which codes are totals that
/// summing would count twice (Eurostat's <c>sex = T</c>, <c>age = TOTAL</c>).
/// </summary>
public sealed record SeriesDefault(string Measure, IReadOnlyList<KeyValuePair<string, string>> Filter);
