using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Core.Validation;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ingestion.Core.Tests.Validation;

public sealed class BatchValidatorTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));

    private static StatRow Population(int year, string origin, string asylum, params long?[] measures) =>
        new(year, origin, asylum, [], measures.Length == 0 ? new long?[9] : measures, ["X", "x", "Y", "y"]);

    private static ValidationException Fails(DatasetDescriptor dataset, params StatRow[] rows)
    {
        var validator = new BatchValidator(dataset, Clock);
        foreach (var row in rows)
        {
            validator.Add(row);
        }

        return Assert.Throws<ValidationException>(validator.Complete);
    }

    [Fact]
    public void Complete_ValidRows_DoesNotThrow()
    {
        var validator = new BatchValidator(UnhcrDatasets.Population, Clock);
        validator.Add(Population(1950, "SYR", "TUR"));
        validator.Add(Population(2027, "SYR", "TUR"));
        validator.Add(Population(2027, "SYR", "DEU", 0, null, 5, 0, 0, 0, 0, null, 0));

        validator.Complete();

        Assert.Equal(3, validator.Rows);
    }

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
    public void Complete_SameKeyDifferentDetail_IsNotDuplicate()
    {
        var validator = new BatchValidator(UnhcrDatasets.AsylumDecisions, Clock);
        validator.Add(new StatRow(2020, "CHN", "USA", ["G", "EO", "P"], new long?[5], new string?[4]));
        validator.Add(new StatRow(2020, "CHN", "USA", ["G", "EO", "C"], new long?[5], new string?[4]));

        validator.Complete();

        Assert.Equal(2, validator.Rows);
    }

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

        Assert.Equal("1 years outside 1950..2027", e.Rule);
        Assert.Equal([$"{year}/SYR/TUR has year {year}"], e.Examples);
    }

    [Fact]
    public void Complete_ReferenceDataWithYearZero_DoesNotThrow()
    {
        var validator = new BatchValidator(UnhcrDatasets.Countries, Clock);
        validator.Add(new StatRow(0, "DEU", "", [], [], ["GFR", "DE", "Germany", "Germany", "Europe", "Western Europe"]));

        validator.Complete();

        Assert.Equal(1, validator.Rows);
    }

    [Fact]
    public void Complete_ReferenceDataWithYear_Throws()
    {
        var e = Fails(UnhcrDatasets.Countries, new StatRow(2020, "DEU", "", [], [], new string?[6]));

        Assert.Equal(["2020/DEU/ has year 2020"], e.Examples);
    }

    [Fact]
    public void Complete_SeveralRulesBroken_ReportsEveryRule()
    {
        var e = Fails(
            UnhcrDatasets.Population,
            Population(2020, "SYR", "TUR"),
            Population(2020, "SYR", "TUR"),
            Population(1900, "AFG", "PAK", -1, 0, 0, 0, 0, 0, 0, 0, 0));

        Assert.Equal("1 duplicate keys, 1 negative counts, 1 years outside 1950..2027", e.Rule);
        Assert.Equal(3, e.Examples.Count);
    }

    [Fact]
    public async Task ValidateAsync_InvalidBatch_YieldsEveryRowThenThrows()
    {
        var seen = new List<StatRow>();
        var rows = new[] { Population(2020, "SYR", "TUR"), Population(2020, "SYR", "TUR") }.ToAsyncEnumerable();

        var e = await Assert.ThrowsAsync<ValidationException>(async () =>
        {
            await foreach (var row in rows.ValidateAsync(UnhcrDatasets.Population, Clock, TestContext.Current.CancellationToken))
            {
                seen.Add(row);
            }
        });

        Assert.Equal(2, seen.Count);
        Assert.Equal("1 duplicate keys", e.Rule);
    }
}
