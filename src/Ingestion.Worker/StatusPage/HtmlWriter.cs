using System.Runtime.CompilerServices;
using System.Text;

namespace Ingestion.Worker.StatusPage;

/// <summary>Builds one page: <c>Write($"&lt;td&gt;{value}&lt;/td&gt;")</c> encodes <c>value</c> (see <see cref="HtmlHandler"/>).</summary>
public sealed class HtmlWriter
{
    internal StringBuilder Builder { get; } = new(32 * 1024);

    public HtmlWriter Write([InterpolatedStringHandlerArgument("")] ref HtmlHandler html)
    {
        _ = html;
        return this;
    }

    /// <summary>The markup written so far, to embed in another writer.</summary>
    public Html ToHtml() => new(Builder.ToString());

    public override string ToString() => Builder.ToString();

    /// <summary>Encodes text for element content and for double- or single-quoted attribute values.</summary>
    public static void Encode(StringBuilder builder, string? text)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var c in text ?? "")
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }
    }

    public static string Encode(string? text)
    {
        var builder = new StringBuilder();
        Encode(builder, text);
        return builder.ToString();
    }
}
