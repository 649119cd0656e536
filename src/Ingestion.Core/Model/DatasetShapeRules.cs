using System.Text.RegularExpressions;

namespace Ingestion.Core.Model;

/// <summary>What makes a declared shape usable: SQL-safe names, no column declared twice, placements that exist.</summary>
internal static partial class DatasetShapeRules
{
    /// <summary>
    /// The dataset's versions live in <c>ingestion.versions_&lt;publisher&gt;_&lt;name&gt;</c> (docs/storage.md), and
    /// PostgreSQL cuts identifiers at 63 bytes: a longer name could give two datasets one table.
    /// </summary>
    public const int MaxNameLength = 63 - 9;

    public static IEnumerable<string> Check(DatasetDescriptor dataset)
    {
        if (!DatasetName().IsMatch(dataset.Name))
        {
            yield return $"dataset name '{dataset.Name}' is not <publisher>.<name> in lower case";
        }

        if (dataset.Name.Length > MaxNameLength)
        {
            yield return $"dataset name '{dataset.Name}' is longer than {MaxNameLength} characters";
        }

        var columns = PeriodColumns(dataset.Period)
            .Concat(dataset.Key.Select(k => k.Name))
            .Concat(dataset.Measures)
            .Concat(dataset.Attributes.Select(a => a.Name))
            .Append(dataset.ViewName)
            .ToList();
        foreach (var name in columns.Where(n => !Identifier().IsMatch(n)))
        {
            yield return $"{dataset.Name}: '{name}' is not a lower-case SQL identifier";
        }

        foreach (var twice in columns.SkipLast(1).GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"{dataset.Name}: column '{twice.Key}' is declared twice";
        }

        var keyNames = dataset.Key.Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        var attributeNames = dataset.Attributes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var attribute in dataset.Attributes.Where(a => a.After is not null && !keyNames.Contains(a.After)))
        {
            yield return $"{dataset.Name}: attribute '{attribute.Name}' is placed after '{attribute.After}', which is not a key dimension";
        }

        foreach (var dimension in dataset.Key.Where(k => k.IsoAttribute is not null && !attributeNames.Contains(k.IsoAttribute)))
        {
            yield return $"{dataset.Name}: key dimension '{dimension.Name}' names ISO attribute '{dimension.IsoAttribute}', which is not declared";
        }

        foreach (var role in (CountryRole[])[CountryRole.Origin, CountryRole.Asylum])
        {
            var dimensions = 0;
            foreach (var dimension in dataset.Key)
            {
                dimensions += dimension.Role == role ? 1 : 0;
            }

            if (dimensions > 1)
            {
                yield return $"{dataset.Name}: more than one key dimension has the {role} role";
            }
        }
    }

    /// <summary>The view columns the period becomes.</summary>
    public static IReadOnlyList<string> PeriodColumns(PeriodKind period) => period switch
    {
        PeriodKind.Year => ["year"],
        PeriodKind.YearMonth => ["year", "month"],
        _ => [],
    };

    [GeneratedRegex("^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$")]
    private static partial Regex DatasetName();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
