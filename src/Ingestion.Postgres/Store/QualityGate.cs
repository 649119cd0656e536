using System.Globalization;
using Ingestion.Core.Quality;

namespace Ingestion.Postgres.Store;

/// <summary>The data-quality rules applied to a diff (DESIGN §1); pure, so every rule is testable on numbers.</summary>
internal static class QualityGate
{
    public static QualityReport Evaluate(
        QualityGateOptions options, ScopeState before, long stagedRows, IReadOnlySet<int> stagedYears, DiffCounts diff,
        IReadOnlyList<string> measuresLosingAllValues, bool hasYear)
    {
        var violations = new List<QualityViolation>();
        if (before.RowCount > 0)
        {
            var removedFraction = (double)diff.Removed / before.RowCount;
            if (removedFraction > options.MaxRemovedFraction)
            {
                violations.Add(new("removed_fraction",
                    $"{Percent(removedFraction)} of {before.RowCount} rows removed, limit {Percent(options.MaxRemovedFraction)}"));
            }

            var dropFraction = (double)(before.RowCount - stagedRows) / before.RowCount;
            if (dropFraction > options.MaxRowCountDropFraction)
            {
                violations.Add(new("row_count_drop",
                    $"row count drops from {before.RowCount} to {stagedRows} ({Percent(dropFraction)}), limit {Percent(options.MaxRowCountDropFraction)}"));
            }
        }

        if (options.QuarantineMeasureBecomingAllNull)
        {
            violations.AddRange(measuresLosingAllValues.Select(m =>
                new QualityViolation("measure_all_null", $"measure '{m}' had values and would become all NULL")));
        }

        if (options.QuarantineLatestYearDisappearing && hasYear && before.LatestYear is { } latest && !stagedYears.Contains(latest))
        {
            violations.Add(new("latest_year_disappearing", $"latest year {latest} would disappear"));
        }

        return new QualityReport(violations);
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
