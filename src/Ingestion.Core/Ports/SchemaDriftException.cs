namespace Ingestion.Core.Ports;

/// <summary>The publisher's shape changed (unknown or missing field): fail the run, publish nothing.</summary>
public sealed class SchemaDriftException(string dataset, string field, int page, string problem)
    : SourceException($"Schema drift in {dataset}, page {page}: {problem} field '{field}'.")
{
    public string Dataset { get; } = dataset;

    public string Field { get; } = field;

    public int Page { get; } = page;
}
