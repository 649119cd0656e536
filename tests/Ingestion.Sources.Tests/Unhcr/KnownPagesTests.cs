using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Validation;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ingestion.Sources.Tests.Unhcr;

/// <summary>
/// A fetch whose pages equal the pages the current snapshot's run archived (<see cref="KnownPages"/>) parses none of
/// them; at the first page that differs it reads the skipped ones back from its own archive and yields every row.
/// unhcr.idmc of the latest release (shared/data/unhcr-refugees-r/2025.12.1/idmc.csv): 934 rows, 5 pages at 200.
/// </summary>
public sealed class KnownPagesTests : IAsyncLifetime
{
    private const int Rows = 934;
    private const int Pages = 5;
    private readonly FakeUnhcrApi _api = new();
    private ServiceProvider? _services;

    public async ValueTask InitializeAsync()
    {
        await _api.StartAsync(TestContext.Current.CancellationToken);
        _services = TestSources.Create(_api.BaseAddress, new Dictionary<string, string> { ["PageSize"] = "200", ["MaxConcurrency"] = "2" });
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _api.DisposeAsync();
    }

    private IDatasetSource Source => _services!.Source(UnhcrDatasets.Idmc);

    [Fact]
    public async Task FetchAsync_EveryPageKnown_YieldsNothingArchivesEveryPageAndMarksUnchanged()
    {
        var (first, firstRows) = await FetchOnceAsync();
        var requestsBefore = _api.Requests.Count;
        var archive = new InMemoryRawPageArchive();
        var context = Context(archive, first.AsKnownPages(Rows));

        var rows = await Source.FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(Rows, firstRows.Count);
        Assert.Empty(rows);
        Assert.True(context.SourceUnchanged);
        Assert.Equal(first.Pages.Select(p => (p.PageNumber, p.RequestUri, p.Sha256)), archive.Pages.Select(p => (p.PageNumber, p.RequestUri, p.Sha256)));
        Assert.Empty(archive.ReadBack);
        Assert.Equal((5L, 5L, 934L), (context.Statistics.ExpectedPages, context.Statistics.Pages, context.Statistics.Rows));
        Assert.Equal([1, 1, 2, 3, 4, 5], _api.Requests.Skip(requestsBefore).Select(r => r.Page).Order()); // the probe and every page, once
    }

    [Theory]
    [InlineData(5, new[] { 1, 2, 3, 4 })]
    [InlineData(3, new[] { 1, 2 })]
    [InlineData(1, new int[0])]
    public async Task FetchAsync_OnePageDiffers_YieldsEveryRowInPageOrderReadingSkippedPagesBack(int differing, int[] readBack)
    {
        var (first, firstRows) = await FetchOnceAsync();
        var archive = new InMemoryRawPageArchive();
        var known = new KnownPages(first.Pages.Select(p => (p.PageNumber, p.RequestUri, p.PageNumber == differing ? new string('0', 64) : p.Sha256)), Rows);
        var context = Context(archive, known);

        var rows = await Source.FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(firstRows.Select(ExpectedRows.Text), rows.Select(ExpectedRows.Text));
        Assert.False(context.SourceUnchanged);
        Assert.Equal(readBack, archive.ReadBack);
        Assert.Equal(Enumerable.Range(1, Pages), archive.Pages.Select(p => p.PageNumber));
        Assert.Equal((5L, 5L, 934L), (context.Statistics.ExpectedPages, context.Statistics.Pages, context.Statistics.Rows));
    }

    [Fact]
    public async Task FetchAsync_KnownRunHadFewerPages_ParsesEveryPageWithoutReadingBack()
    {
        var (first, firstRows) = await FetchOnceAsync();
        var archive = new InMemoryRawPageArchive();
        var known = new KnownPages(first.Pages.Where(p => p.PageNumber < Pages).Select(p => (p.PageNumber, p.RequestUri, p.Sha256)), 800);
        var context = Context(archive, known);

        var rows = await Source.FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(firstRows.Select(ExpectedRows.Text), rows.Select(ExpectedRows.Text));
        Assert.False(context.SourceUnchanged);
        Assert.Empty(archive.ReadBack);
        Assert.Equal((5L, 934L), (context.Statistics.Pages, context.Statistics.Rows));
    }

    /// <summary>Same bytes at other addresses (another scope or page size asks other questions): not the known pages.</summary>
    [Fact]
    public async Task FetchAsync_SameBytesKnownForOtherRequests_ParsesEveryPage()
    {
        var (first, firstRows) = await FetchOnceAsync();
        var archive = new InMemoryRawPageArchive();
        var known = new KnownPages(first.Pages.Select(p => (p.PageNumber, p.RequestUri.Replace("&limit=", "&yearFrom=1990&yearTo=2025&limit=", StringComparison.Ordinal), p.Sha256)), Rows);
        var context = Context(archive, known);

        var rows = await Source.FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(firstRows.Select(ExpectedRows.Text), rows.Select(ExpectedRows.Text));
        Assert.False(context.SourceUnchanged);
        Assert.Empty(archive.ReadBack);
    }

    /// <summary>The row count check still applies: the known run's rows must be the count the API announces now.</summary>
    [Fact]
    public async Task FetchAsync_EveryPageKnownButKnownRowsDisagreeWithTheAnnouncedCount_ThrowsValidation()
    {
        var (first, _) = await FetchOnceAsync();
        var context = Context(new InMemoryRawPageArchive(), first.AsKnownPages(Rows - 1));

        var e = await Assert.ThrowsAsync<ValidationException>(async () =>
            await Source.FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync());

        Assert.Equal(["announced 934 rows, received 933 in 5 pages"], e.Examples);
        Assert.False(context.SourceUnchanged);
    }

    private static FetchContext Context(InMemoryRawPageArchive archive, KnownPages known) =>
        new(YearScope.All, archive, new FetchStatistics(), knownPages: known);

    /// <summary>A first fetch with nothing known: its archive holds the pages a published run would have archived.</summary>
    private async Task<(InMemoryRawPageArchive Archive, List<StatRow> Rows)> FetchOnceAsync()
    {
        var archive = new InMemoryRawPageArchive();
        var rows = await Source.FetchAsync(new FetchContext(YearScope.All, archive, new FetchStatistics()), TestContext.Current.CancellationToken).CollectAsync();
        return (archive, rows);
    }
}
