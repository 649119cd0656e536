namespace Ingestion.Core.Model;

/// <summary>
/// A dataset's shape as data (DESIGN §2): its contract name, view name, period, ordered key dimensions, measures
/// (whole numbers, null = not available) and attributes. Core, the store, the views, the CLI and the scheduler are
/// generic over it; a publisher declares its datasets with it and reads its source.
/// </summary>
public sealed record DatasetDescriptor(
    string Name,
    string ViewName,
    PeriodKind Period,
    IReadOnlyList<KeyDimension> Key,
    IReadOnlyList<string> Measures,
    IReadOnlyList<AttributeField> Attributes)
{
    /// <summary>The series to chart when nobody chose one; null: the first measure over everything.</summary>
    public SeriesDefault? DefaultSeries { get; init; }

    /// <summary>The part of the name before the dot: <c>unhcr</c>, <c>eurostat</c>.</summary>
    public string Publisher => Name[..Math.Max(0, Name.IndexOf('.', StringComparison.Ordinal))];

    public bool HasPeriod => Period != PeriodKind.None;

    /// <summary>The view columns the period becomes: <c>year</c>, or <c>year, month</c>, or none.</summary>
    public IReadOnlyList<string> PeriodColumns => DatasetShapeRules.PeriodColumns(Period);

    /// <summary>The year a stored period falls in (0 for reference data); year scopes and the gate work on it.</summary>
    public int YearOf(int period) => Period == PeriodKind.YearMonth ? period / 100 : period;

    public int MeasureIndex(string measure) => IndexOf(Measures, measure, "measure");

    public int KeyIndex(string dimension) => IndexOf(Key.Select(k => k.Name).ToList(), dimension, "key dimension");

    public int AttributeIndex(string attribute) => IndexOf(Attributes.Select(a => a.Name).ToList(), attribute, "attribute");

    /// <summary>The key dimension with <paramref name="role"/>, or null.</summary>
    public KeyDimension? Dimension(CountryRole role) => Key.FirstOrDefault(k => k.Role == role);

    public override string ToString() => Name;

    private int IndexOf(IReadOnlyList<string> names, string name, string what)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"Dataset {Name} has no {what} '{name}'.", nameof(name));
    }
}
