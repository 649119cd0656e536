namespace Ingestion.Core.Ports;

/// <summary>
/// The publisher's shape changed (fields missing or unknown): fail the run, publish nothing. Names every missing and
/// every unknown field of the place it was found, so a renamed field shows as both its old and its new name.
/// </summary>
public sealed class SchemaDriftException : SourceException
{
    public SchemaDriftException(string dataset, int page, IReadOnlyList<string> missing, IReadOnlyList<string> unknown)
        : base(Describe(dataset, page, missing, unknown))
    {
        Dataset = dataset;
        Page = page;
        Missing = missing;
        Unknown = unknown;
    }

    public string Dataset { get; }

    public int Page { get; }

    /// <summary>Fields the known shape has that the data lacked.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Fields the data had that the known shape lacks.</summary>
    public IReadOnlyList<string> Unknown { get; }

    /// <summary>The first field named: the first unknown one, else the first missing one.</summary>
    public string Field => Unknown.Count > 0 ? Unknown[0] : Missing[0];

    private static string Describe(string dataset, int page, IReadOnlyList<string> missing, IReadOnlyList<string> unknown)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(unknown);
        if (missing.Count + unknown.Count == 0)
        {
            throw new ArgumentException("Schema drift names at least one missing or unknown field.", nameof(missing));
        }

        var fields = missing.Select(f => $"missing field '{f}'").Concat(unknown.Select(f => $"unknown field '{f}'"));
        return $"Schema drift in {dataset}, page {page}: {string.Join(", ", fields)}.";
    }
}
