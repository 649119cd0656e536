using System.Text;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Testing;

namespace Ingestion.Core.Tests.Ports;

/// <summary>When a source may end a fetch unchanged: the known release reported, or every known page received and no other.</summary>
public sealed class FetchContextTests
{
    private static readonly RawPage Page1 = new("unhcr.idmc", 1, "https://api.example/idmc/?limit=200&page=1", Encoding.UTF8.GetBytes("{\"page\":1}"));
    private static readonly RawPage Page2 = new("unhcr.idmc", 2, "https://api.example/idmc/?limit=200&page=2", Encoding.UTF8.GetBytes("{\"page\":2}"));
    private static readonly KnownPages TwoPages = new([(1, Page1.RequestUri, Page1.Sha256), (2, Page2.RequestUri, Page2.Sha256)], 400);

    private static FetchContext Context(string? knownRelease = null, KnownPages? knownPages = null, long expectedPages = 2)
    {
        var context = new FetchContext(YearScope.All, new InMemoryRawPageArchive(), new FetchStatistics(), knownRelease, knownPages);
        context.Statistics.ExpectedPages = expectedPages;
        return context;
    }

    [Fact]
    public void MarkUnchanged_KnownReleaseReported_MarksUnchanged()
    {
        var context = Context(knownRelease: "2025-06-01");
        context.ReportRelease("2025-06-01");

        context.MarkUnchanged();

        Assert.True(context.SourceUnchanged);
    }

    [Fact]
    public void MarkUnchanged_EveryKnownPageReceived_MarksUnchanged()
    {
        var context = Context(knownPages: TwoPages);

        Assert.True(context.MatchesKnownPage(Page2));
        Assert.True(context.MatchesKnownPage(Page1));
        context.MarkUnchanged();

        Assert.True(context.SourceUnchanged);
    }

    [Fact]
    public void MatchesKnownPage_OtherBytesOrAddressOrNumber_DoesNotMatch()
    {
        var context = Context(knownPages: TwoPages);

        Assert.False(context.MatchesKnownPage(new RawPage(Page1.Dataset, 1, Page1.RequestUri, Encoding.UTF8.GetBytes("{\"page\":1 }"))));
        Assert.False(context.MatchesKnownPage(Page1 with { RequestUri = Page2.RequestUri }));
        Assert.False(context.MatchesKnownPage(Page1 with { PageNumber = 3 }));
        Assert.False(Context().MatchesKnownPage(Page1));
    }

    [Fact]
    public void MarkUnchanged_NotEveryKnownPageReceived_ThrowsNamingTheCounts()
    {
        var context = Context(knownPages: TwoPages);
        context.MatchesKnownPage(Page1);
        context.MatchesKnownPage(new RawPage(Page2.Dataset, 2, Page2.RequestUri, Encoding.UTF8.GetBytes("{}")));

        var e = Assert.Throws<InvalidOperationException>(context.MarkUnchanged);

        Assert.Equal("A source may mark a fetch unchanged only when it reported the known release (known none, reported none) or received every known page and no other (1 of 2 known pages received, 2 expected).", e.Message);
        Assert.False(context.SourceUnchanged);
    }

    [Fact]
    public void MarkUnchanged_MorePagesExpectedThanKnown_Throws()
    {
        var context = Context(knownPages: TwoPages, expectedPages: 3);
        context.MatchesKnownPage(Page1);
        context.MatchesKnownPage(Page2);

        Assert.Throws<InvalidOperationException>(context.MarkUnchanged);
        Assert.False(context.SourceUnchanged);
    }

    [Fact]
    public void MarkUnchanged_AnotherReleaseReportedAndNoKnownPages_Throws()
    {
        var context = Context(knownRelease: "2025-06-01", expectedPages: 0);
        context.ReportRelease("2025-07-01");

        var e = Assert.Throws<InvalidOperationException>(context.MarkUnchanged);

        Assert.StartsWith("A source may mark a fetch unchanged only when it reported the known release (known 2025-06-01, reported 2025-07-01)", e.Message, StringComparison.Ordinal);
    }
}
