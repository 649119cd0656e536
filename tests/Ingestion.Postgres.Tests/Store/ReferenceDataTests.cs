using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>unhcr.countries: reference rows (year 0, origin = ISO3, no measures) behind stats.countries.</summary>
public sealed class ReferenceDataTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static StatRow Country(string iso3, string unhcr, string name, string region) =>
        new(0, [iso3], [], [unhcr, iso3[..2], name, name + " (long)", "Europe", region]);

    [Fact]
    public async Task PublishAsync_Countries_ViewAndAsOfShowNamesAndRenames()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var first = await store.PublishAsync(UnhcrDatasets.Countries, [Country("AUT", "AUS", "Austria", "Western Europe"), Country("DEU", "GFR", "Germany", "Western Europe")], ct);

        var renamed = await store.PublishAsync(UnhcrDatasets.Countries, [Country("AUT", "AUS", "Austria", "Central Europe"), Country("DEU", "GFR", "Germany", "Western Europe")], ct);

        Assert.Equal((RunStatus.Published, 0L, 1L, 0L), (renamed.Status, renamed.Added, renamed.Revised, renamed.Removed));
        Assert.Equal(["AUT|AUS|AU|Austria|Austria (long)|Europe|Central Europe", "DEU|GFR|DE|Germany|Germany (long)|Europe|Western Europe"],
            await database.DataSource.RowsAsync("SELECT iso3, unhcr_code, iso2, name, name_long, major_area, region FROM stats.countries ORDER BY iso3"));
        Assert.Equal("Western Europe", await database.DataSource.ScalarAsync<string>($"SELECT region FROM stats.countries_as_of({first.SnapshotId}) WHERE iso3 = 'AUT'"));
        Assert.Equal(["AUT|revised|"], await database.DataSource.RowsAsync($"SELECT origin_iso, change, measure FROM stats.revisions WHERE snapshot_id = {renamed.SnapshotId}"));
    }

    [Fact]
    public async Task TryBeginRunAsync_CountriesWithYearRange_FailsClearly()
    {
        var store = Stores.Create(database.DataSource);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.TryBeginRunAsync(new RunRequest(UnhcrDatasets.Countries, RunTrigger.Backfill, YearScope.Between(2000, 2010)), TestContext.Current.CancellationToken));

        Assert.StartsWith("unhcr.countries is reference data without years; run it without a year range (was 2000..2010).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_NameWithQuotesBackslashAndControlCharacter_ReadBackExactly()
    {
        const string Name = "C\u00f4te d'Ivoire \"CI\" \\ tab\t";
        var ct = TestContext.Current.CancellationToken;
        await Stores.Create(database.DataSource).PublishAsync(UnhcrDatasets.Unrwa,
            [new StatRow(2020, ["CIV", "CIV"], [5], ["IVO", Name, "IVO", Name])], ct);

        Assert.Equal(Name, await database.DataSource.ScalarAsync<string>("SELECT origin_name FROM stats.unhcr_unrwa WHERE origin_iso = 'CIV'"));
    }
}
