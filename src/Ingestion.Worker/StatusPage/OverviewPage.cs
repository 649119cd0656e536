using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Ingestion.Worker.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.StatusPage;

/// <summary><c>/</c>: every dataset (freshness, current snapshot, last run and its error), what waits in quarantine, recent runs.</summary>
public static class OverviewPage
{
    private const int RecentRuns = 25;
    private const int QuarantinedShown = 50;

    public static async Task<IResult> RenderAsync(
        ISnapshotStore store, DatasetCatalog catalog, IOptions<DatasetsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Independent reads on separate pooled connections: the page waits for the slowest, not the sum.
        var states = store.ListDatasetStatesAsync(cancellationToken);
        var runStates = store.ListDatasetRunStatesAsync(cancellationToken);
        var quarantined = store.ListSnapshotsByStatusAsync("quarantined", QuarantinedShown, cancellationToken);
        var recent = store.ListRunsAsync(null, RecentRuns, cancellationToken);
        await Task.WhenAll(states, runStates, quarantined, recent);

        var now = clock.GetUtcNow();
        var rows = DatasetRows(catalog, options.Value, (await states).ToDictionary(s => s.Dataset, StringComparer.Ordinal),
            (await runStates).ToDictionary(s => s.Dataset, StringComparer.Ordinal), (await quarantined), now);
        var html = new HtmlWriter();
        html.Write($"""<h1>Datasets</h1><p class="lead">Freshness is judged against each dataset's schedule: stale once the schedule fired twice without a published or unchanged run.</p>""");
        Cards(html, rows, (await quarantined).Count);
        DatasetsTable(html, rows, now);
        QuarantineTable(html, await quarantined);
        RunsTable.Write(html, await recent, now, "Recent runs", "recent-runs", showDataset: true);
        return PageLayout.Page("Overview", html.ToHtml(), now);
    }

    private static List<DatasetRow> DatasetRows(
        DatasetCatalog catalog, DatasetsOptions options, Dictionary<string, DatasetState> states, Dictionary<string, DatasetRunState> runs,
        IReadOnlyList<SnapshotRecord> quarantined, DateTimeOffset now) =>
        [.. catalog.All.Select(d =>
        {
            var settings = options.For(d);
            var run = runs.GetValueOrDefault(d.Name);
            return new DatasetRow(d, settings, states.GetValueOrDefault(d.Name), run?.LastRun,
                Freshness.Judge(settings.Schedule, settings.Enabled, run?.LastConfirmedAt, now),
                [.. quarantined.Where(q => q.Dataset == d.Name)]);
        })];

    private static void Cards(HtmlWriter html, List<DatasetRow> rows, int quarantined)
    {
        var stale = rows.Count(r => r.Freshness == FreshnessState.Stale);
        var failing = rows.Count(r => r.LastRun?.Status is RunStatus.Failed or RunStatus.Abandoned);
        html.Write($"""
            <div class="cards">
            <div class="card"><b id="count-datasets">{rows.Count}</b>datasets</div>
            <div class="card {(stale > 0 ? "warn" : "ok")}"><b id="count-stale">{stale}</b>stale</div>
            <div class="card {(failing > 0 ? "bad" : "ok")}"><b id="count-failing">{failing}</b>last run failed</div>
            <div class="card {(quarantined > 0 ? "warn" : "ok")}"><b id="count-quarantined">{quarantined}</b>quarantined</div>
            </div>
            """);
    }

    private static void DatasetsTable(HtmlWriter html, List<DatasetRow> rows, DateTimeOffset now)
    {
        html.Write($"""
            <table id="datasets"><thead><tr><th scope="col">Dataset</th><th scope="col">Freshness</th><th scope="col">Schedule (UTC)</th>
            <th scope="col" class="num">Current</th><th scope="col" class="num">Rows</th><th scope="col">Last publish</th>
            <th scope="col">Last run</th><th scope="col">Error of the last run</th><th scope="col">Quarantined</th></tr></thead><tbody>
            """);
        foreach (var r in rows)
        {
            var failing = r.LastRun?.Status is RunStatus.Failed or RunStatus.Abandoned;
            var rowClass = failing ? "failing" : r.Freshness == FreshnessState.Stale ? "stale" : "";
            html.Write($"""
                <tr class="{rowClass}" data-dataset="{r.Dataset.Name}" data-freshness="{r.Freshness.ToString().ToLowerInvariant()}">
                <th scope="row"><a href="/datasets/{Uri.EscapeDataString(r.Dataset.Name)}">{r.Dataset.Name}</a></th>
                <td>{Display.Badge(r.Freshness)}</td>
                <td><code>{r.Settings.Schedule}</code></td>
                <td class="num current">{SnapshotLink.To(r.State?.CurrentSnapshotId)}</td>
                <td class="num rows">{(r.State?.CurrentSnapshotId is null ? "–" : Display.Number(r.State.CurrentRowCount))}</td>
                <td class="age" title="{Display.Time(r.State?.LastPublishedAt)}">{Display.Age(r.State?.LastPublishedAt, now)}</td>
                <td class="last-run">{(r.LastRun is { } run ? Display.Badge(run.Status) : new Html("<span class=\"muted\">none</span>"))}<br><span class="muted small">{(r.LastRun is { } last ? Display.Age(last.FinishedAt ?? last.StartedAt, now) : "")}</span></td>
                <td class="error" title="{r.LastRun?.Error}">{(failing ? Display.OneLine(r.LastRun?.Error) : "")}</td>
                <td class="quarantined">{QuarantineLinks(r.Quarantined)}</td>
                </tr>
                """);
        }

        html.Write($"</tbody></table>");
    }

    private static Html QuarantineLinks(IReadOnlyList<SnapshotRecord> snapshots)
    {
        var html = new HtmlWriter();
        foreach (var s in snapshots)
        {
            html.Write($"{SnapshotLink.To(s.SnapshotId)} ");
        }

        return html.ToHtml();
    }

    private static void QuarantineTable(HtmlWriter html, IReadOnlyList<SnapshotRecord> quarantined)
    {
        html.Write($"""<h2>Waiting in quarantine</h2>""");
        if (quarantined.Count == 0)
        {
            html.Write($"""<p class="muted" id="quarantine-empty">Nothing is waiting for a decision.</p>""");
            return;
        }

        html.Write($"""
            <p class="lead">Not current; readers see the previous snapshot until someone runs <code>ingestion approve &lt;id&gt;</code> or <code>ingestion reject &lt;id&gt;</code>.</p>
            <table id="quarantine"><thead><tr><th scope="col" class="num">Snapshot</th><th scope="col">Dataset</th><th scope="col">Created</th>
            <th scope="col" class="num">Rows</th><th scope="col" class="num">Added</th><th scope="col" class="num">Revised</th><th scope="col" class="num">Removed</th>
            <th scope="col">Failed rules</th></tr></thead><tbody>
            """);
        foreach (var s in quarantined)
        {
            var rules = string.Join(", ", QualityReportJson.Read(s.QualityReportJson).Select(v => v.Rule));
            html.Write($"""
                <tr data-snapshot="{s.SnapshotId}"><td class="num">{SnapshotLink.To(s.SnapshotId)}</td><td>{s.Dataset}</td><td>{Display.Time(s.CreatedAt)}</td>
                <td class="num">{Display.Number(s.RowCount)}</td><td class="num">{Display.Number(s.Added)}</td><td class="num">{Display.Number(s.Revised)}</td>
                <td class="num">{Display.Number(s.Removed)}</td><td class="rules">{rules}</td></tr>
                """);
        }

        html.Write($"</tbody></table>");
    }

    private sealed record DatasetRow(
        DatasetDescriptor Dataset, DatasetOptions Settings, DatasetState? State, RunRecord? LastRun, FreshnessState Freshness,
        IReadOnlyList<SnapshotRecord> Quarantined);
}
