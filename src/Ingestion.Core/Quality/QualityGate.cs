using System.Globalization;
using Ingestion.Core.Publishing;
using Ingestion.Core.Rows;

namespace Ingestion.Core.Quality;

/// <summary>The data-quality rules applied to a diff (DESIGN §1); pure, so every rule is testable on numbers.</summary>
public static class QualityGate
{
    public static QualityReport Evaluate(QualityGateOptions options, ScopeComparison before, BatchProfile staged, bool hasPeriod)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(staged);
        var violations = new List<QualityViolation>();
        if (before.RowsBefore > 0)
        {
            var removedFraction = (double)before.Counts.Removed / before.RowsBefore;
            if (removedFraction > options.MaxRemovedFraction)
            {
                violations.Add(new("removed_fraction",
                    $"{Percent(removedFraction)} of {before.RowsBefore} rows removed, limit {Percent(options.MaxRemovedFraction)}"));
            }

            var dropFraction = (double)(before.RowsBefore - staged.Rows) / before.RowsBefore;
            if (dropFraction > options.MaxRowCountDropFraction)
            {
                violations.Add(new("row_count_drop",
                    $"row count drops from {before.RowsBefore} to {staged.Rows} ({Percent(dropFraction)}), limit {Percent(options.MaxRowCountDropFraction)}"));
            }
        }

        if (options.QuarantineMeasureBecomingAllNull)
        {
            violations.AddRange(before.MeasuresLosingAllValues.Select(m =>
                new QualityViolation("measure_all_null", $"measure '{m}' had values and would become all NULL")));
        }

        if (options.QuarantineLatestYearDisappearing && hasPeriod && before.LatestYearBefore is { } latest && !staged.Years.Contains(latest))
        {
            violations.Add(new("latest_year_disappearing", $"latest year {latest} would disappear"));
        }

        return new QualityReport(violations);
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
