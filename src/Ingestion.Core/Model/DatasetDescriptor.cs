namespace Ingestion.Core.Model;

/// <summary>
/// What a dataset looks like: its contract name, the key fields beyond (year, origin, asylum),
/// its measures and the text attributes kept beside the key. The store and the views are generic
/// over this shape, so a new publisher only adds descriptors and a source.
/// </summary>
public sealed record DatasetDescriptor(
    string Name,
    string ViewName,
    IReadOnlyList<string> DetailFields,
    IReadOnlyList<string> Measures,
    IReadOnlyList<string> Attributes,
    bool IsReferenceData = false)
{
    /// <summary>Reference data (countries) has no year and no origin/asylum pair: its key is one code.</summary>
    public bool HasYear => !IsReferenceData;

    public int MeasureIndex(string measure)
    {
        for (var i = 0; i < Measures.Count; i++)
        {
            if (Measures[i] == measure)
            {
                return i;
            }
        }

        throw new ArgumentException($"Dataset {Name} has no measure '{measure}'.", nameof(measure));
    }

    public override string ToString() => Name;
}
