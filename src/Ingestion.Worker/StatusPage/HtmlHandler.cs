using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ingestion.Worker.StatusPage;

/// <summary>
/// The interpolated-string handler behind <see cref="HtmlWriter.Write"/>: literal parts are written as they are (they
/// are this folder's own markup), every hole is HTML-encoded unless it is <see cref="Html"/>. Numbers and times are
/// formatted with the invariant culture, so a page reads the same on every host.
/// </summary>
[InterpolatedStringHandler]
public readonly ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount, HtmlWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _ = formattedCount;
        _builder = writer.Builder;
        _builder.EnsureCapacity(_builder.Length + literalLength);
    }

    public void AppendLiteral(string value) => _builder.Append(value);

    public void AppendFormatted(Html value) => _builder.Append(value.Value);

    public void AppendFormatted(string? value) => HtmlWriter.Encode(_builder, value);

    public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public void AppendFormatted<T>(T value, string? format) => HtmlWriter.Encode(
        _builder, value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString());
}
