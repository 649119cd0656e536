namespace Ingestion.Core.Quality;

/// <summary>One broken gate rule, e.g. ("removed_fraction", "50.2 % of 138893 rows removed, limit 10 %").</summary>
public sealed record QualityViolation(string Rule, string Message);
