using System.Globalization;
using Ingestion.Core.Model;

namespace Ingestion.Postgres.Catalog;

/// <summary>
/// The SQL a dataset's declared shape turns into: its typed view's columns over <c>ingestion.versions</c>, its
/// <c>stats.revisions</c> branch and the expressions both share. One source for the column rules of DESIGN §4:
/// the period (year, or year and month), each key dimension followed by the attributes placed after it, the
/// measures, the remaining attributes, then <c>snapshot_id</c>.
/// </summary>
internal static class ReadContractSql
{
    /// <summary>The typed view's columns, in order, as (expression over <paramref name="alias"/>, column name).</summary>
    public static IReadOnlyList<(string Expression, string Column)> ViewColumns(DatasetDescriptor dataset, string alias)
    {
        var columns = new List<(string, string)>();
        columns.AddRange(PeriodColumns(dataset, $"{alias}.period"));
        for (var k = 0; k < dataset.Key.Count; k++)
        {
            columns.Add(($"{alias}.key[{k + 1}]", dataset.Key[k].Name));
            columns.AddRange(AttributesAfter(dataset, dataset.Key[k].Name, alias));
        }

        columns.AddRange(dataset.Measures.Select((m, i) => ($"{alias}.measures[{i + 1}]", m)));
        columns.AddRange(AttributesAfter(dataset, null, alias));
        columns.Add(($"{alias}.valid_from", "snapshot_id"));
        return columns;
    }

    public static string SelectList(DatasetDescriptor dataset, string alias) =>
        string.Join(", ", ViewColumns(dataset, alias).Select(c => $"{c.Expression} AS {Quote(c.Column)}"));

    /// <summary>The year a period falls in; 0 for reference data (as <c>stats.revisions</c> has always shown it).</summary>
    public static string Year(DatasetDescriptor dataset, string period) => dataset.Period switch
    {
        PeriodKind.YearMonth => $"({period} / 100)",
        PeriodKind.Year => period,
        _ => "0",
    };

    /// <summary>The ISO3 of the dimension with <paramref name="role"/>: the key value itself, or its ISO attribute; NULL without one.</summary>
    public static string Iso(DatasetDescriptor dataset, CountryRole role, string key, string attributes)
    {
        var dimension = dataset.Dimension(role);
        if (dimension is null)
        {
            return "NULL::text";
        }

        return dimension.IsoAttribute is { } iso
            ? $"{attributes}[{dataset.AttributeIndex(iso) + 1}]"
            : $"{key}[{dataset.KeyIndex(dimension.Name) + 1}]";
    }

    /// <summary>
    /// The key fields <c>stats.revisions</c> shows in <c>detail</c> (jsonb): every key field not already shown as
    /// <c>origin_iso</c> / <c>asylum_iso</c>, by name, and the month of monthly data.
    /// </summary>
    public static string DetailJson(DatasetDescriptor dataset, string key, string period)
    {
        var pairs = new List<string>();
        if (dataset.Period == PeriodKind.YearMonth)
        {
            pairs.Add($"'month', {period} % 100");
        }

        for (var k = 0; k < dataset.Key.Count; k++)
        {
            var dimension = dataset.Key[k];
            if (dimension.Role == CountryRole.None || dimension.IsoAttribute is not null)
            {
                pairs.Add($"{Literal(dimension.Name)}, {key}[{k + 1}]");
            }
        }

        return pairs.Count == 0 ? "'{}'::jsonb" : $"jsonb_build_object({string.Join(", ", pairs)})";
    }

    /// <summary>The changed measures of one change row <c>ch</c>: (measure, old_value, new_value), or one NULL row when none changed.</summary>
    public static string ChangedMeasures(DatasetDescriptor dataset) => $"""
        SELECT k.measure, ch.old_measures[k.i] AS old_value, ch.new_measures[k.i] AS new_value
        FROM unnest({TextArray(dataset.Measures)}) WITH ORDINALITY AS k (measure, i)
        WHERE ch.old_measures[k.i] IS DISTINCT FROM ch.new_measures[k.i]
        UNION ALL
        SELECT NULL::text, NULL::bigint, NULL::bigint
        WHERE NOT EXISTS (
            SELECT FROM generate_series(1, {Number(dataset.Measures.Count)}) AS j (i)
            WHERE ch.old_measures[j.i] IS DISTINCT FROM ch.new_measures[j.i])
        """;

    /// <summary>A text[] literal of <paramref name="names"/>.</summary>
    public static string TextArray(IEnumerable<string> names) =>
        $"ARRAY[{string.Join(", ", names.Select(Literal))}]::text[]";

    public static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<(string, string)> PeriodColumns(DatasetDescriptor dataset, string period) => dataset.Period switch
    {
        PeriodKind.Year => [(period, "year")],
        PeriodKind.YearMonth => [($"{period} / 100", "year"), ($"{period} % 100", "month")],
        _ => [],
    };

    private static IEnumerable<(string, string)> AttributesAfter(DatasetDescriptor dataset, string? dimension, string alias) =>
        dataset.Attributes.Select((a, i) => (a, i)).Where(x => x.a.After == dimension)
            .Select(x => ($"{alias}.attributes[{x.i + 1}]", x.a.Name));
}
