using System.Text;
using System.Text.Json;
using Ingestion.Sources.Http;
using Ingestion.Testing;
using Xunit;

namespace Ingestion.Sources.Tests.Http;

public sealed class JsonBodyTests
{
    // Strings holding brackets and quotes, escaped quotes after backslash runs of every length up to four, a string
    // longer than the check's 64-byte blocks, and values that straddle block boundaries.
    private const string Tricky =
        """{"page":1,"items":[{"name":"a \"quoted\" {name} [x]","path":"S\/RES\/1244 (1999)"},""" +
        """{"b":"\\","c":"\\\"}","d":"\\\\","e":"\\\\\"]","f":"C\u00f4te d'Ivoire"},""" +
        """{"long":"{{{{{{{{{{[[[[[[[[[[\"\"\"\"\"]]]]]]]]]]}}}}}}}}}}}{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{["},""" +
        """{"n":[1,2,[3,[4,[5,{"x":null}]]]],"t":true,"u":"\\\\\\\\"}],"total":[],"maxPages":1}""";

    [Theory]
    [InlineData("{\"page\":1,\"items\":[]}")]
    [InlineData("  {\"a\":[1,2,{\"b\":\"-\"}]}\n")]
    [InlineData("[]")]
    [InlineData(Tricky)]
    public void Problem_CompleteJson_ReturnsNull(string body)
    {
        Assert.Null(JsonBody.Problem(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("{\"page\":1,\"items\":[{\"year\":19", "not complete JSON: cut short with 3 brackets open after 29 bytes")]
    [InlineData("{\"page\":1,\"items\":[{\"name\":\"Bo", "not complete JSON: cut short inside a string after 30 bytes")]
    [InlineData("{\"a\":\"}]\\\"}]\"", "not complete JSON: cut short with 1 brackets open after 13 bytes")]
    [InlineData("<!DOCTYPE html><html></html>", "not JSON: it begins with '<' at byte 0, not with '{' or '['")]
    [InlineData("{\"a\":1}{\"b\":2}", "not one JSON document: more follows the document that ends at byte 7 of 14")]
    [InlineData("{\"a\":1}  x", "not one JSON document: more follows the document that ends at byte 7 of 10")]
    public void Problem_TruncatedOrNotJson_SaysWhatIsWrong(string body, string expected)
    {
        Assert.Equal(expected, JsonBody.Problem(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    public void Problem_EmptyBody_ReportsEmpty(string body)
    {
        Assert.Equal("empty body", JsonBody.Problem(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Problem_EveryCutOfATrickyDocument_IsReportedAsItsParserWouldFindIt()
    {
        var whole = Encoding.UTF8.GetBytes(Tricky);
        var cuts = Enumerable.Range(1, whole.Length - 1).Where(cut => JsonBody.Problem(whole.AsSpan(0, cut)) is null).ToList();

        Assert.Empty(cuts);
        Assert.True(Parses(whole)); // the same document, whole, is JSON to System.Text.Json too
    }

    [Fact]
    public void Problem_RealUnhcrResponses_WholeAreJsonAndEveryCutIsNot()
    {
        var bodies = Directory.GetFiles(SharedData.File("unhcr-api-json", "2025-10-03"), "*.json").Select(File.ReadAllBytes).ToList();
        // Among them the escapes the check must get right: \u… for non-ASCII letters and \/ for slashes.
        Assert.Contains(bodies, body => body.AsSpan().IndexOf("\\u"u8) >= 0 && body.AsSpan().IndexOf("\\/"u8) >= 0);
        foreach (var whole in bodies)
        {
            Assert.Null(JsonBody.Problem(whole));
            var end = whole.AsSpan().TrimEnd(" \t\r\n"u8).Length;
            // 997 cuts spread over the body, and around each of its first 50 backslashes.
            var backslashes = whole.Select((b, i) => (b, i)).Where(x => x.b == '\\').Take(50).SelectMany(x => new[] { x.i, x.i + 1, x.i + 2 });
            var cuts = Enumerable.Range(1, 997).Select(k => (int)((long)end * k / 998)).Concat(backslashes).Where(cut => cut > 0 && cut < end);
            Assert.Empty(cuts.Where(cut => JsonBody.Problem(whole.AsSpan(0, cut)) is null).ToList());
        }
    }

    private static bool Parses(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
