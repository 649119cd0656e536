using Ingestion.Core.Model;
using Ingestion.Core.Rows;
using Ingestion.Core.Validation;
using Ingestion.Sources.Unhcr;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ingestion.Core.Tests.Validation;

public sealed class BatchValidatorTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));

    private static readonly DatasetDescriptor Monthly = new(
        "test.monthly", "test_monthly", PeriodKind.YearMonth, [new KeyDimension("geo")], ["value"], []);

    private static StatRow Population(int year, string origin, string asylum, params long?[] measures) =>
        new(year, [origin, asylum], measures.Length == 0 ? new long?[9] : measures, ["X", "x", "Y", "y"]);

    private static BatchValidator Validator(DatasetDescriptor dataset, YearScope scope = default) => new(dataset, scope, Clock);

    private static ValidationException Fails(DatasetDescriptor dataset, params StatRow[] rows) => Fails(dataset, YearScope.All, rows);

    private static ValidationException Fails(DatasetDescriptor dataset, YearScope scope, params StatRow[] rows)
    {
        var validator = Validator(dataset, scope);
        var hasher = new RowHasher();
        foreach (var row in rows)
        {
            validator.Add(row, hasher.Key(row));
        }

        return Assert.Throws<ValidationException>(validator.Complete);
    }

    private static void Passes(BatchValidator validator, params StatRow[] rows)
    {
        var hasher = new RowHasher();
        foreach (var row in rows)
        {
            Assert.True(validator.Add(row, hasher.Key(row)));
        }

        validator.Complete();
        Assert.Equal(rows.Length, validator.Rows);
    }

    [Fact]
    public void Complete_ValidRows_DoesNotThrow() =>
        Passes(
            Validator(UnhcrDatasets.Population),
            Population(1950, "SYR", "TUR"),
            Population(2027, "SYR", "TUR"),
            Population(2027, "SYR", "DEU", 0, null, 5, 0, 0, 0, 0, null, 0));

    [Fact]
    public void Complete_DuplicateKey_ThrowsNamingTheKey()
    {
        var e = Fails(UnhcrDatasets.Population, Population(2020, "SYR", "TUR"), Population(2020, "SYR", "TUR"));

        Assert.Equal("unhcr.population", e.Dataset);
        Assert.Equal("1 duplicate keys", e.Rule);
        Assert.Equal(["2020/SYR/TUR"], e.Examples);
        Assert.Contains("2020/SYR/TUR", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_SameKeyDifferentDetail_IsNotDuplicate() =>
        Passes(
            Validator(UnhcrDatasets.AsylumDecisions),
            new StatRow(2020, ["CHN", "USA", "G", "EO", "P"], new long?[5], new string?[4]),
            new StatRow(2020, ["CHN", "USA", "G", "EO", "C"], new long?[5], new string?[4]));

    [Fact]
    public void Complete_NegativeCount_ThrowsNamingMeasureAndValue()
    {
        var e = Fails(UnhcrDatasets.Population, Population(2020, "SYR", "TUR", 1, -5, 0, 0, 0, 0, 0, 0, 0));

        Assert.Equal("1 negative counts", e.Rule);
        Assert.Equal(["2020/SYR/TUR asylum_seekers=-5"], e.Examples);
    }

    [Theory]
    [InlineData(1949)]
    [InlineData(2028)]
    [InlineData(0)]
    public void Complete_YearOutsideRange_ThrowsWithBounds(int year)
    {
        var e = Fails(UnhcrDatasets.Population, Population(year, "SYR", "TUR"));

        Assert.Equal("1 periods outside 1950..2027", e.Rule);
        Assert.Equal([$"{year}/SYR/TUR has period {year}"], e.Examples);
    }

    [Fact]
    public void Complete_RowOutsideScope_ThrowsNamingScope()
    {
        var e = Fails(UnhcrDatasets.Population, YearScope.Between(2020, 2021), Population(2019, "SYR", "TUR"));

        Assert.Equal("1 rows outside the run's scope (2020..2021)", e.Rule);
        Assert.Equal(["2019/SYR/TUR"], e.Examples);
    }

    [Fact]
    public void Complete_ReferenceDataWithPeriodZero_DoesNotThrow() =>
        Passes(
            Validator(UnhcrDatasets.Countries),
            new StatRow(0, ["DEU"], [], ["GFR", "DE", "Germany", "Germany", "Europe", "Western Europe"]));

    [Fact]
    public void Complete_ReferenceDataWithPeriod_Throws()
    {
        var e = Fails(UnhcrDatasets.Countries, new StatRow(2020, ["DEU"], [], new string?[6]));

        Assert.Equal(["2020/DEU has period 2020"], e.Examples);
    }

    [Fact]
    public void Complete_MonthlyPeriods_AcceptsMonthsAndRejectsMonth13()
    {
        Passes(Validator(Monthly), new StatRow(202501, ["DE"], [1], []), new StatRow(202512, ["DE"], [2], []));

        var e = Fails(Monthly, new StatRow(202513, ["DE"], [1], []));

        Assert.Equal(["202513/DE has period 202513"], e.Examples);
    }

    [Fact]
    public void Add_WrongShape_RejectsRowAndNamesCounts()
    {
        var validator = Validator(UnhcrDatasets.Population);
        var row = new StatRow(2020, ["SYR"], new long?[9], new string?[4]);

        Assert.False(validator.Add(row, new RowHasher().Key(row)));
        var e = Assert.Throws<ValidationException>(validator.Complete);

        Assert.Equal("1 rows not matching the dataset's fields", e.Rule);
        Assert.Equal(["2020/SYR: 1 key values, 9 measures, 4 attributes; expected 2, 9, 4"], e.Examples);
    }

    [Fact]
    public void Complete_YearComingBackLater_IsAnOrderError()
    {
        var e = Fails(
            UnhcrDatasets.Population,
            Population(2020, "SYR", "TUR"),
            Population(2021, "SYR", "TUR"),
            Population(2020, "AFG", "PAK"));

        Assert.StartsWith("1 years that came back after other years", e.Rule, StringComparison.Ordinal);
        Assert.Equal(["2020 after 2021"], e.Examples);
    }

    [Fact]
    public void Complete_SeveralRulesBroken_ReportsEveryRule()
    {
        var e = Fails(
            UnhcrDatasets.Population,
            Population(2020, "SYR", "TUR"),
            Population(2020, "SYR", "TUR"),
            Population(1900, "AFG", "PAK", -1, 0, 0, 0, 0, 0, 0, 0, 0));

        Assert.Equal("1 periods outside 1950..2027, 1 duplicate keys, 1 negative counts", e.Rule);
        Assert.Equal(3, e.Examples.Count);
    }

    [Fact]
    public async Task ValidateAsync_InvalidBatch_YieldsEveryRowThenThrows()
    {
        var seen = new List<HashedRow>();
        var profile = new BatchProfile(UnhcrDatasets.Population);
        var rows = new[] { Population(2020, "SYR", "TUR"), Population(2020, "SYR", "TUR") }.ToAsyncEnumerable();

        var e = await Assert.ThrowsAsync<ValidationException>(async () =>
        {
            await foreach (var row in rows.ValidateAsync(UnhcrDatasets.Population, YearScope.All, profile, Clock, TestContext.Current.CancellationToken))
            {
                seen.Add(row);
            }
        });

        Assert.Equal(2, seen.Count);
        Assert.Equal(seen[0].Hash, seen[1].Hash);
        Assert.Equal(2, profile.Rows);
        Assert.Equal("1 duplicate keys", e.Rule);
    }
}
