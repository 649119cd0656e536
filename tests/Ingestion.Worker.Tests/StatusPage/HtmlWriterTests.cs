using Ingestion.Worker.StatusPage;

namespace Ingestion.Worker.Tests.StatusPage;

public sealed class HtmlWriterTests
{
    [Fact]
    public void Write_HoleWithMarkup_IsEncodedAndLiteralsAreNot()
    {
        const string error = "<script>alert('x')</script> & \"quoted\"";

        var html = new HtmlWriter().Write($"<td title=\"{error}\">{error}</td>").ToString();

        Assert.Equal(
            "<td title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</td>",
            html);
    }

    [Fact]
    public void Write_NumbersAndHtml_InvariantFormatAndMarkupKept()
    {
        var html = new HtmlWriter().Write($"{4589L:N0} {new Html("<b>ok</b>")} {Display.Number(99_716)}").ToString();

        Assert.Equal("4,589 <b>ok</b> 99,716", html);
    }
}
