namespace Ingestion.Core.Validation;

/// <summary>The batch broke a data rule (duplicate key, negative count, year out of range, row count mismatch).</summary>
public sealed class ValidationException(string dataset, string rule, IReadOnlyList<string> examples)
    : Exception($"Validation failed for {dataset}: {rule} (e.g. {string.Join("; ", examples.Take(5))}).")
{
    public string Dataset { get; } = dataset;

    public string Rule { get; } = rule;

    public IReadOnlyList<string> Examples { get; } = examples;
}
