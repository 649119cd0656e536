using Ingestion.Core.Model;
using Ingestion.Core.Runs;

namespace Ingestion.Worker.StatusPage;

/// <summary>The dataset page's series: the GET form choosing it, the chart with its legend, and the periods the snapshots disagree on.</summary>
public static class SeriesSection
{
    public static void Write(HtmlWriter html, DatasetDescriptor dataset, SeriesSelection selection, IReadOnlyList<SeriesPoint> points, IReadOnlyList<SnapshotRecord> snapshots)
    {
        var published = snapshots.Where(s => s.Status == "published").OrderBy(s => s.SnapshotId).ToList();
        var current = published.Count > 0 ? published[^1].SnapshotId : (long?)null;
        string Label(long id) => $"Snapshot #{id} ({Display.Time(published.FirstOrDefault(s => s.SnapshotId == id)?.PublishedAt)}){(id == current ? ", current" : "")}";

        var filter = selection.Filter.Count == 0 ? "all keys" : string.Join(", ", selection.Filter.Select(f => $"{f.Key} = {f.Value}"));
        html.Write($"""
            <h2>Series across snapshots</h2>
            <p class="lead" id="series-caption"><b>{selection.Measure}</b> where {filter}, summed over the other key fields, per period — one line per published snapshot.</p>
            """);
        if (selection.Problem is { } problem)
        {
            html.Write($"""<p class="notice">{problem}</p>""");
        }

        Form(html, dataset, selection);
        var ids = published.Select(s => s.SnapshotId).ToList();
        html.Write($"""<ul class="legend" id="legend">""");
        for (var i = 0; i < ids.Count; i++)
        {
            html.Write($"""<li data-snapshot="{ids[i]}"><span class="swatch{(i < ids.Count - 1 ? " dashed" : "")}" style="border-top-color: {SeriesChart.Colour(i)}"></span>{Label(ids[i])}</li>""");
        }

        html.Write($"</ul>{SeriesChart.Render(points, ids, Label)}");
        Differences(html, points, ids);
    }

    private static void Form(HtmlWriter html, DatasetDescriptor dataset, SeriesSelection selection)
    {
        html.Write($"""<form class="series" method="get" action="/datasets/{Uri.EscapeDataString(dataset.Name)}"><label>measure<select name="measure">""");
        foreach (var measure in dataset.Measures)
        {
            html.Write($"""<option value="{measure}"{(measure == selection.Measure ? new Html(" selected") : Html.Empty)}>{measure}</option>""");
        }

        html.Write($"</select></label>");
        foreach (var key in dataset.Key)
        {
            html.Write($"""<label>{key.Name}<input type="text" name="{key.Name}" value="{selection.Filter.GetValueOrDefault(key.Name)}" placeholder="all (summed)"></label>""");
        }

        html.Write($"""<button type="submit">Show</button></form>""");
    }

    /// <summary>The periods whose value differs between consecutive snapshots: what the lines parting mean, in numbers.</summary>
    private static void Differences(HtmlWriter html, IReadOnlyList<SeriesPoint> points, List<long> ids)
    {
        if (ids.Count < 2)
        {
            return;
        }

        var values = points.ToDictionary(p => (p.SnapshotId, p.Period), p => p.Value);
        var changed = points.Select(p => p.Period).Distinct().Order()
            .Where(period => ids.Zip(ids.Skip(1)).Any(pair => values.GetValueOrDefault((pair.First, period)) != values.GetValueOrDefault((pair.Second, period))))
            .ToList();
        html.Write($"<h2>Revised periods of this series</h2>");
        if (changed.Count == 0)
        {
            html.Write($"""<p class="muted" id="no-revisions">Every snapshot agrees on every period of this series.</p>""");
            return;
        }

        html.Write($"""<table id="series-revisions" class="compact"><thead><tr><th scope="col">Period</th>""");
        foreach (var id in ids)
        {
            html.Write($"""<th scope="col" class="num">#{id}</th>""");
        }

        html.Write($"""<th scope="col" class="num">Change (last two)</th></tr></thead><tbody>""");
        foreach (var period in changed)
        {
            html.Write($"""<tr data-period="{period}"><th scope="row">{Display.Period(period)}</th>""");
            foreach (var id in ids)
            {
                html.Write($"""<td class="num" data-snapshot="{id}">{Display.Number(values.GetValueOrDefault((id, period)))}</td>""");
            }

            var change = (values.GetValueOrDefault((ids[^1], period)) ?? 0) - (values.GetValueOrDefault((ids[^2], period)) ?? 0);
            html.Write($"""<td class="num">{Display.SignedNumber(change)}</td></tr>""");
        }

        html.Write($"</tbody></table>");
    }
}
