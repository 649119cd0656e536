using System.Globalization;
using Ingestion.Core.Runs;

namespace Ingestion.Worker.StatusPage;

/// <summary>
/// An inline SVG line chart of one series, one line per snapshot, so a revision shows as lines parting. Older snapshots
/// are drawn first, wide, pale and dashed, so a line the newest one covers still shows as a halo around it; where the
/// snapshots disagree (a few periods at most), each point is labelled with its value. Every point carries <c>data-snapshot</c>, <c>data-period</c> and
/// <c>data-value</c> and a <c>&lt;title&gt;</c> (the browser's tooltip, no script needed).
/// </summary>
public static class SeriesChart
{
    private const double Width = 1000, Height = 380, Left = 84, Right = 72, Top = 16, Bottom = 40;
    private static readonly string[] Colours = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#1b7c83"];

    public static string Colour(int line) => Colours[line % Colours.Length];

    /// <summary>Lines in snapshot order; <paramref name="labels"/> names each snapshot for the tooltips.</summary>
    public static Html Render(IReadOnlyList<SeriesPoint> points, IReadOnlyList<long> snapshots, Func<long, string> labels)
    {
        var periods = points.Where(p => p.Value is not null).Select(p => p.Period).Distinct().Order().ToList();
        if (periods.Count == 0)
        {
            return new Html("""<p class="muted" id="chart-empty">No values for this series in any published snapshot.</p>""");
        }

        var max = Math.Max(1, points.Max(p => p.Value ?? 0));
        var top = NiceCeiling(max);
        // Placed by time, not by rank, so a gap in the data (years without values) is a gap on the axis.
        var (first, last) = (Ordinal(periods[0]), Ordinal(periods[^1]));
        double X(int period) => Left + (last == first ? 0.5 : (Ordinal(period) - first) / (double)(last - first)) * (Width - Left - Right);
        double Y(long value) => Top + (1 - value / (double)top) * (Height - Top - Bottom);

        var svg = new HtmlWriter();
        svg.Write($"""<svg class="chart" id="chart" viewBox="0 0 {Width} {Height}" role="img" aria-label="One line per snapshot" xmlns="http://www.w3.org/2000/svg">""");
        Axes(svg, periods, top, X, Y);
        for (var line = 0; line < snapshots.Count; line++)
        {
            var snapshot = snapshots[line];
            var own = points.Where(p => p.SnapshotId == snapshot && p.Value is not null).OrderBy(p => p.Period).ToList();
            var older = line < snapshots.Count - 1;
            var style = older ? " stroke-width=\"5\" stroke-opacity=\"0.45\" stroke-dasharray=\"9 5\"" : " stroke-width=\"2.2\"";
            var path = string.Join(" ", own.Select((p, i) => $"{(i == 0 ? 'M' : 'L')}{F(X(p.Period))},{F(Y(p.Value!.Value))}"));
            svg.Write($"""<g class="series" data-snapshot="{snapshot}"><title>{labels(snapshot)}</title>""");
            svg.Write($"""<path class="line" d="{path}" fill="none" stroke="{Colour(line)}"{new Html(style)}/>""");
            foreach (var p in own)
            {
                svg.Write($"""<circle class="point" cx="{F(X(p.Period))}" cy="{F(Y(p.Value!.Value))}" r="3" fill="{Colour(line)}" data-snapshot="{snapshot}" data-period="{p.Period}" data-value="{p.Value}"><title>{labels(snapshot)} · {Display.Period(p.Period)}: {Display.Number(p.Value)}</title></circle>""");
            }

            svg.Write($"</g>");
        }

        Labels(svg, points, snapshots, X, Y);
        svg.Write($"</svg>");
        return svg.ToHtml();
    }

    /// <summary>Value labels at the periods where the snapshots disagree, when there are few enough to read.</summary>
    private static void Labels(HtmlWriter svg, IReadOnlyList<SeriesPoint> points, IReadOnlyList<long> snapshots, Func<int, double> x, Func<long, double> y)
    {
        var changed = points.GroupBy(p => p.Period).Where(g => g.Select(p => p.Value).Distinct().Count() > 1 || g.Count() < snapshots.Count).ToList();
        if (snapshots.Count < 2 || changed.Count is 0 or > 6)
        {
            return;
        }

        foreach (var period in changed)
        {
            foreach (var p in period.Where(p => p.Value is not null))
            {
                var line = Math.Max(0, IndexOf(snapshots, p.SnapshotId));
                svg.Write($"""<text class="value-label" x="{F(x(p.Period) + 8)}" y="{F(y(p.Value!.Value) + 4)}" text-anchor="start" font-size="12" font-weight="600" fill="{Colour(line)}">{Display.Number(p.Value)}</text>""");
            }
        }
    }

    private static int IndexOf(IReadOnlyList<long> list, long value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Axes(HtmlWriter svg, List<int> periods, long top, Func<int, double> x, Func<long, double> y)
    {
        for (var i = 0; i <= 4; i++)
        {
            var value = top * i / 4;
            svg.Write($"""<line x1="{F(Left)}" x2="{F(Width - Right)}" y1="{F(y(value))}" y2="{F(y(value))}" stroke="#d1d9e0" stroke-width="1"/>""");
            svg.Write($"""<text x="{F(Left - 8)}" y="{F(y(value) + 4)}" text-anchor="end" font-size="12" fill="#59636e">{Display.Number(value)}</text>""");
        }

        var step = Math.Max(1, (int)Math.Ceiling(periods.Count / 12.0));
        for (var i = 0; i < periods.Count; i += step)
        {
            svg.Write($"""<text x="{F(x(periods[i]))}" y="{F(Height - Bottom + 18)}" text-anchor="middle" font-size="12" fill="#59636e">{Display.Period(periods[i])}</text>""");
        }

        svg.Write($"""<line x1="{F(Left)}" x2="{F(Width - Right)}" y1="{F(Height - Bottom)}" y2="{F(Height - Bottom)}" stroke="#59636e" stroke-width="1"/>""");
    }

    /// <summary>1, 2 or 5 times a power of ten at or above <paramref name="value"/>: round gridline labels.</summary>
    public static long NiceCeiling(long value)
    {
        var magnitude = (long)Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var factor in new long[] { 1, 2, 5, 10 })
        {
            if (factor * magnitude >= value)
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    /// <summary>A period as a count of its unit: years for yearly data, months (year × 12 + month) for monthly data.</summary>
    private static int Ordinal(int period) => period > 9999 ? (period / 100 * 12) + (period % 100) : period;

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
