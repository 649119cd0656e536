using System.Globalization;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// A period as a span of months (<c>year * 12 + month - 1</c>), so that annual and monthly periods compare:
/// <c>startPeriod=2015</c> takes 2015-01 onwards, <c>endPeriod=2015</c> takes up to 2015-12, and an annual
/// observation falls in a window only when the whole year does. Accepts <c>YYYY</c>, <c>YYYY-MM</c>,
/// <c>YYYY-Qn</c> and <c>YYYY-Sn</c> (EUROSTAT-API.md §2); anything else is a syntax error.
/// </summary>
public readonly record struct EurostatPeriod(int FirstMonth, int LastMonth)
{
    public static EurostatPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var period)
            ? period
            : throw new FormatException($"'{text}' is not a period (YYYY, YYYY-MM, YYYY-Qn or YYYY-Sn).");
    }

    public static bool TryParse(string text, out EurostatPeriod period)
    {
        period = default;
        if (text is null || text.Length < 4 || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return false;
        }

        var first = year * 12;
        if (text.Length == 4)
        {
            period = new EurostatPeriod(first, first + 11);
            return true;
        }

        if (text[4] != '-' || text.Length < 7)
        {
            return false;
        }

        var size = text[5] switch
        {
            'Q' => 3,
            'S' => 6,
            _ => 1,
        };
        var part = text.AsSpan(size == 1 ? 5 : 6);
        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1 || index * size > 12)
        {
            return false;
        }

        period = new EurostatPeriod(first + ((index - 1) * size), first + (index * size) - 1);
        return true;
    }
}
