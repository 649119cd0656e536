using Ingestion.Core.Quality;
using Ingestion.Postgres.Store;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>The gate's rules on plain numbers (no database).</summary>
public sealed class QualityGateTests
{
    private static readonly ScopeState Before = new(1000, 2025, 7, null, null);

    [Fact]
    public void Evaluate_SmallRevision_Passes()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions(), Before, 1010, new HashSet<int> { 2024, 2025 }, new DiffCounts(20, 300, 10), [], hasYear: true);

        Assert.True(report.Passed);
    }

    [Fact]
    public void Evaluate_ElevenPercentRemoved_ReportsRemovedFraction()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions(), Before, 1000, new HashSet<int> { 2025 }, new DiffCounts(110, 0, 110), [], hasYear: true);

        var violation = Assert.Single(report.Violations);
        Assert.Equal(("removed_fraction", "11 % of 1000 rows removed, limit 10 %"), (violation.Rule, violation.Message));
    }

    [Fact]
    public void Evaluate_LatestYearMissing_ReportsIt()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions(), Before, 1000, new HashSet<int> { 2024 }, new DiffCounts(1, 0, 1), [], hasYear: true);

        Assert.Equal(("latest_year_disappearing", "latest year 2025 would disappear"), (report.Violations[0].Rule, report.Violations[0].Message));
    }

    [Fact]
    public void Evaluate_RulesSwitchedOffOrLoosened_Passes()
    {
        var options = new QualityGateOptions
        {
            MaxRemovedFraction = 0.6, MaxRowCountDropFraction = 0.6, QuarantineLatestYearDisappearing = false, QuarantineMeasureBecomingAllNull = false,
        };

        var report = QualityGate.Evaluate(options, Before, 500, new HashSet<int> { 2024 }, new DiffCounts(0, 0, 500), ["total"], hasYear: true);

        Assert.True(report.Passed);
    }

    [Fact]
    public void Evaluate_RowCountDropsWithoutRemovals_ReportsDrop()
    {
        var report = QualityGate.Evaluate(new QualityGateOptions { MaxRemovedFraction = 1 }, Before, 850, new HashSet<int> { 2025 }, new DiffCounts(0, 0, 150), [], hasYear: true);

        Assert.Equal("row count drops from 1000 to 850 (15 %), limit 10 %", Assert.Single(report.Violations).Message);
    }
}
