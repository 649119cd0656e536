using System.Text.RegularExpressions;

namespace Ingestion.Worker.Tests.Deploy;

/// <summary>
/// The metric names a PromQL expression selects. Enough PromQL for dashboards and alert rules: strings,
/// label matchers, ranges and grouping clauses are removed first; what is left that is neither a function
/// (followed by <c>(</c>), a keyword nor a number is a metric name.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan",
    };

    public static IReadOnlySet<string> In(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var stripped = StringLiteral().Replace(expression, " ");
        stripped = LabelMatchers().Replace(stripped, " ");
        stripped = Range().Replace(stripped, " ");
        stripped = GroupingClause().Replace(stripped, " ");
        return Identifier().Matches(stripped)
            .Select(m => m.Value)
            .Where(name => !Keywords.Contains(name.ToLowerInvariant()))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex GroupingClause();

    /// <summary>An identifier not inside a word or after <c>$</c>/<c>.</c>, and not called as a function.</summary>
    [GeneratedRegex(@"(?<![\w$.:])[a-zA-Z_:][\w:]*(?!\w)(?!\s*\()")]
    private static partial Regex Identifier();
}
