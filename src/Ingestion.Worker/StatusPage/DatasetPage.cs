using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Runs;
using Ingestion.Worker.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.StatusPage;

/// <summary><c>/datasets/{dataset}</c>: one series charted across every published snapshot, the snapshot history, the dataset's runs.</summary>
public static class DatasetPage
{
    private const int SnapshotsShown = 100;
    private const int RunsShown = 20;

    public static async Task<IResult> RenderAsync(
        string name, HttpRequest request, ISnapshotStore store, DatasetCatalog catalog, IOptions<DatasetsOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (catalog.Find(name) is not { } dataset)
        {
            return PageLayout.NotFound($"There is no dataset named '{name}'.", now);
        }

        var selection = SeriesSelection.From(dataset, request.Query);
        var chartable = dataset.HasPeriod && dataset.Measures.Count > 0;
        var snapshots = store.ListSnapshotsAsync(dataset.Name, SnapshotsShown, cancellationToken);
        var runs = store.ListRunsAsync(dataset.Name, RunsShown, cancellationToken);
        var series = chartable ? store.ReadSeriesAsync(selection.Query(dataset), cancellationToken) : Task.FromResult<IReadOnlyList<SeriesPoint>>([]);
        await Task.WhenAll(snapshots, runs, series);

        var settings = options.Value.For(dataset);
        var html = new HtmlWriter();
        html.Write($"""
            <h1>{dataset.Name}</h1>
            <p class="lead">View <code>stats.{dataset.ViewName}</code> · key {string.Join(", ", dataset.Key.Select(k => k.Name))} ·
            schedule <code>{settings.Schedule}</code> (UTC){(settings.Enabled ? "" : " · disabled")}</p>
            """);
        if (chartable)
        {
            SeriesSection.Write(html, dataset, selection, await series, await snapshots);
        }

        SnapshotHistory(html, await snapshots);
        RunsTable.Write(html, await runs, now, "Runs", "runs", showDataset: false);
        return PageLayout.Page(dataset.Name, html.ToHtml(), now);
    }

    private static void SnapshotHistory(HtmlWriter html, IReadOnlyList<SnapshotRecord> snapshots)
    {
        html.Write($"<h2>Snapshot history</h2>");
        if (snapshots.Count == 0)
        {
            html.Write($"""<p class="muted">No snapshot yet.</p>""");
            return;
        }

        html.Write($"""
            <table id="snapshots"><thead><tr><th scope="col" class="num">Snapshot</th><th scope="col">Status</th><th scope="col">Created</th>
            <th scope="col">Published</th><th scope="col">Years</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Added</th>
            <th scope="col" class="num">Revised</th><th scope="col" class="num">Removed</th><th scope="col" class="num">Run</th></tr></thead><tbody>
            """);
        foreach (var s in snapshots)
        {
            html.Write($"""
                <tr data-snapshot="{s.SnapshotId}" data-status="{s.Status}"><td class="num">{SnapshotLink.To(s.SnapshotId)}</td><td>{Display.Badge(s.Status)}</td>
                <td>{Display.Time(s.CreatedAt)}</td><td>{Display.Time(s.PublishedAt)}</td><td>{Display.Years(s.YearFrom, s.YearTo)}</td>
                <td class="num rows">{Display.Number(s.RowCount)}</td><td class="num added">{Display.Number(s.Added)}</td>
                <td class="num revised">{Display.Number(s.Revised)}</td><td class="num removed">{Display.Number(s.Removed)}</td><td class="num">{s.RunId}</td></tr>
                """);
        }

        html.Write($"</tbody></table>");
    }
}
