using System.Globalization;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// An inclusive range of periods in the stored form (<c>yyyy</c> or <c>yyyymm</c>), written as SDMX periods in a
/// request. A monthly range can be halved when a request is too big; a single period cannot.
/// </summary>
internal readonly record struct PeriodRange(int First, int Last, bool Monthly)
{
    public int Count => Monthly ? (Last / 100 - First / 100) * 12 + Last % 100 - First % 100 + 1 : Last - First + 1;

    public string StartText => Sdmx(First);

    public string EndText => Sdmx(Last);

    public (PeriodRange Early, PeriodRange Late) Halve()
    {
        var firstHalf = (Count + 1) / 2;
        var split = Add(First, firstHalf - 1);
        return (this with { Last = split }, this with { First = Add(split, 1) });
    }

    private int Add(int period, int steps)
    {
        if (!Monthly)
        {
            return period + steps;
        }

        var months = period / 100 * 12 + period % 100 - 1 + steps;
        return months / 12 * 100 + months % 12 + 1;
    }

    private string Sdmx(int period) => Monthly
        ? string.Create(CultureInfo.InvariantCulture, $"{period / 100:D4}-{period % 100:D2}")
        : period.ToString(CultureInfo.InvariantCulture);
}
