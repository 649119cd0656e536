using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;
using Xunit;

namespace Ingestion.Sources.Tests.Unhcr;

/// <summary>
/// Every row and value of each table in ../shared/data/unhcr-refugees-r/2025.12.1 goes CSV → fake API (real HTTP)
/// → source → StatRow and must equal the row read straight from the CSV.
/// </summary>
public sealed class RoundTripTests
{
    [Theory]
    [InlineData("unhcr.population", "population.csv", 138893)]
    [InlineData("unhcr.asylum_applications", "asylum_applications.csv", 120597)]
    [InlineData("unhcr.asylum_decisions", "asylum_decisions.csv", 113929)]
    [InlineData("unhcr.demographics", "demographics.csv", 20771)]
    [InlineData("unhcr.solutions", "solutions.csv", 21258)]
    [InlineData("unhcr.idmc", "idmc.csv", 934)]
    [InlineData("unhcr.unrwa", "unrwa.csv", 296)]
    [InlineData("unhcr.countries", "countries.csv", 232)]
    public async Task FetchAsync_FullTable_EveryRowRoundTripsUnchanged(string name, string file, int rows)
    {
        var dataset = TestCatalog.Default.Get(name);
        var expected = ExpectedRows.FromCsv(CsvTable.Load(SharedData.File("unhcr-refugees-r", "2025.12.1", file)), dataset)
            .GroupBy(ExpectedRows.Text).ToDictionary(g => g.Key, g => g.Count());
        await using var api = new FakeUnhcrApi();
        await api.StartAsync(TestContext.Current.CancellationToken);
        await using var services = TestSources.Create(api.BaseAddress);
        var context = new FetchContext(YearScope.All, new InMemoryRawPageArchive(keepContent: false), new FetchStatistics());

        var unexpected = new List<string>();
        var received = 0;
        await foreach (var row in services.Source(dataset).FetchAsync(context, TestContext.Current.CancellationToken))
        {
            received++;
            var text = ExpectedRows.Text(row);
            if (expected.TryGetValue(text, out var left) && left > 0)
            {
                expected[text] = left - 1;
            }
            else if (unexpected.Count < 5)
            {
                unexpected.Add(text);
            }
        }

        Assert.Empty(unexpected);
        Assert.Empty(expected.Where(e => e.Value != 0).Take(5));
        Assert.Equal(rows, received);
        var pages = (rows + 9999) / 10000;
        Assert.Equal((rows, pages, pages, 0L), (context.Statistics.Rows, context.Statistics.Pages, context.Statistics.ExpectedPages, context.Statistics.Retries));
        Assert.Equal(Enumerable.Range(1, pages), ((InMemoryRawPageArchive)context.Archive).Pages.Select(p => p.PageNumber));
    }
}
