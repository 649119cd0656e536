using Ingestion.Core.Model;
using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;
using Ingestion.Core.Rows;

namespace Ingestion.Core.Tests.Quality;

/// <summary>The gate's rules on plain numbers (no database).</summary>
public sealed class QualityGateTests
{
    private static readonly DatasetDescriptor Dataset = new(
        "test.counts", "test_counts", PeriodKind.Year, [new KeyDimension("geo")], ["total"], []);

    private static ScopeComparison Before(DiffCounts counts, params string[] measuresLosingAllValues) =>
        new(7, 1000, 2025, counts, measuresLosingAllValues);

    /// <summary>A profile of <paramref name="rows"/> staged rows spread over <paramref name="years"/>.</summary>
    private static BatchProfile Staged(int rows, params int[] years)
    {
        var profile = new BatchProfile(Dataset);
        var hasher = new RowHasher();
        for (var i = 0; i < rows; i++)
        {
            var row = new StatRow(years[i % years.Length], [$"K{i}"], [i], []);
            profile.Add(row, hasher.Row(row));
        }

        return profile;
    }

    [Fact]
    public void Evaluate_SmallRevision_Passes()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions(), Before(new DiffCounts(20, 300, 10)), Staged(1010, 2024, 2025), hasPeriod: true);

        Assert.True(report.Passed);
    }

    [Fact]
    public void Evaluate_ElevenPercentRemoved_ReportsRemovedFraction()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions(), Before(new DiffCounts(110, 0, 110)), Staged(1000, 2025), hasPeriod: true);

        var violation = Assert.Single(report.Violations);
        Assert.Equal(("removed_fraction", "11 % of 1000 rows removed, limit 10 %"), (violation.Rule, violation.Message));
    }

    [Fact]
    public void Evaluate_LatestYearMissing_ReportsIt()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions(), Before(new DiffCounts(1, 0, 1)), Staged(1000, 2024), hasPeriod: true);

        Assert.Equal(("latest_year_disappearing", "latest year 2025 would disappear"), (report.Violations[0].Rule, report.Violations[0].Message));
    }

    [Fact]
    public void Evaluate_LatestYearMissingWithoutPeriods_IsNotARule()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions(), Before(new DiffCounts(1, 0, 1)), Staged(1000, 0), hasPeriod: false);

        Assert.True(report.Passed);
    }

    [Fact]
    public void Evaluate_MeasureLosingAllValues_ReportsTheMeasure()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions(), Before(DiffCounts.None, "total"), Staged(1000, 2025), hasPeriod: true);

        Assert.Equal(("measure_all_null", "measure 'total' had values and would become all NULL"), (report.Violations[0].Rule, report.Violations[0].Message));
    }

    [Fact]
    public void Evaluate_RulesSwitchedOffOrLoosened_Passes()
    {
        var options = new QualityGateOptions
        {
            MaxRemovedFraction = 0.6, MaxRowCountDropFraction = 0.6, QuarantineLatestYearDisappearing = false, QuarantineMeasureBecomingAllNull = false,
        };

        var report = QualityGate.Evaluate(options, Before(new DiffCounts(0, 0, 500), "total"), Staged(500, 2024), hasPeriod: true);

        Assert.True(report.Passed);
    }

    [Fact]
    public void Evaluate_RowCountDropsWithoutRemovals_ReportsDrop()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions { MaxRemovedFraction = 1 }, Before(new DiffCounts(0, 0, 150)), Staged(850, 2025), hasPeriod: true);

        Assert.Equal("row count drops from 1000 to 850 (15 %), limit 10 %", Assert.Single(report.Violations).Message);
    }
}
