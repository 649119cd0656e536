using System.Globalization;
using System.Text.Json;
using Ingestion.Core.Ports;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Worker.StatusPage;

/// <summary><c>/snapshots/{id}</c>: counts, the quality report of a quarantined snapshot, and its largest revisions, paged (<c>?page=N</c>).</summary>
public static class SnapshotPage
{
    public const int PageSize = 50;

    public static async Task<IResult> RenderAsync(string id, HttpRequest request, ISnapshotStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var snapshotId)
            || await store.GetSnapshotAsync(snapshotId, cancellationToken) is not { } snapshot)
        {
            return PageLayout.NotFound($"There is no snapshot '{id}'.", now);
        }

        var page = int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        var revisions = await store.ListLargestRevisionsAsync(snapshotId, (page - 1) * PageSize, PageSize, cancellationToken);

        var html = new HtmlWriter();
        html.Write($"""
            <h1>Snapshot #{snapshot.SnapshotId} {Display.Badge(snapshot.Status)}</h1>
            <p class="lead">of <a href="/datasets/{Uri.EscapeDataString(snapshot.Dataset)}">{snapshot.Dataset}</a>, made by run {snapshot.RunId}</p>
            <dl class="facts" id="counts">
            <dt>Rows</dt><dd id="rows">{Display.Number(snapshot.RowCount)}</dd>
            <dt>Added</dt><dd id="added">{Display.Number(snapshot.Added)}</dd>
            <dt>Revised</dt><dd id="revised">{Display.Number(snapshot.Revised)}</dd>
            <dt>Removed</dt><dd id="removed">{Display.Number(snapshot.Removed)}</dd>
            <dt>Years</dt><dd>{Display.Years(snapshot.YearFrom, snapshot.YearTo)}</dd>
            <dt>Created</dt><dd>{Display.Time(snapshot.CreatedAt)}</dd>
            <dt>Published</dt><dd>{Display.Time(snapshot.PublishedAt)}</dd>
            <dt>Content SHA-256</dt><dd><code>{snapshot.ContentSha256}</code></dd>
            </dl>
            """);
        QualityReport(html, snapshot);
        Revisions(html, snapshot, revisions, page);
        return PageLayout.Page($"Snapshot #{snapshot.SnapshotId}", html.ToHtml(), now);
    }

    private static void QualityReport(HtmlWriter html, SnapshotRecord snapshot)
    {
        var violations = QualityReportJson.Read(snapshot.QualityReportJson);
        if (violations.Count == 0)
        {
            return;
        }

        html.Write($"""
            <h2>Quality report</h2>
            <p class="lead">The gate stopped this snapshot on {violations.Count} rule(s). Decide with <code>ingestion approve {snapshot.SnapshotId}</code> or <code>ingestion reject {snapshot.SnapshotId}</code>.</p>
            <table id="quality-report" class="report"><thead><tr><th scope="col">Failed rule</th><th scope="col">Values</th></tr></thead><tbody>
            """);
        foreach (var v in violations)
        {
            html.Write($"""<tr data-rule="{v.Rule}"><th scope="row"><code>{v.Rule}</code></th><td>{v.Message}</td></tr>""");
        }

        html.Write($"</tbody></table>");
    }

    private static void Revisions(HtmlWriter html, SnapshotRecord snapshot, RevisionPage revisions, int page)
    {
        var pages = (int)Math.Max(1, (revisions.Total + PageSize - 1) / PageSize);
        html.Write($"""<h2>Largest revisions</h2><p class="lead">Values of keys this snapshot revised, largest change first ({Display.Number(revisions.Total)} in all; added and removed keys are counted above).</p>""");
        if (revisions.Total == 0)
        {
            html.Write($"""<p class="muted" id="revisions-empty">{(page > 1 ? "No revisions on this page." : "This snapshot revised no values.")}</p>""");
            return;
        }

        // Only datasets keyed beyond origin and asylum (and monthly ones) have other key fields; an always-empty column is noise.
        var detail = revisions.Rows.Any(r => r.Detail.Length > 0);
        html.Write($"""
            <table id="revisions"><thead><tr><th scope="col">Year</th><th scope="col">Origin</th><th scope="col">Asylum</th>{(detail ? new Html("<th scope=\"col\">Other key fields</th>") : Html.Empty)}
            <th scope="col">Measure</th><th scope="col" class="num">Old</th><th scope="col" class="num">New</th><th scope="col" class="num">Change</th></tr></thead><tbody>
            """);
        foreach (var r in revisions.Rows)
        {
            html.Write($"""
                <tr><td class="year">{r.Year}</td><td class="origin">{r.OriginIso ?? "–"}</td><td class="asylum">{r.AsylumIso ?? "–"}</td>{(detail ? new HtmlWriter().Write($"<td>{Detail(r.Detail)}</td>").ToHtml() : Html.Empty)}<td class="measure">{(r.Measure.Length == 0 ? "(attributes)" : r.Measure)}</td>
                <td class="num old">{Display.Number(r.OldValue)}</td><td class="num new">{Display.Number(r.NewValue)}</td>
                <td class="num change">{Display.SignedNumber((r.NewValue ?? 0) - (r.OldValue ?? 0))}</td></tr>
                """);
        }

        html.Write($"""</tbody></table><nav class="pages" id="pager">""");
        if (page > 1)
        {
            html.Write($"""<a rel="prev" href="/snapshots/{snapshot.SnapshotId}?page={page - 1}">← previous</a>""");
        }

        html.Write($"""<span>page {page} of {pages}</span>""");
        if (page < pages)
        {
            html.Write($"""<a rel="next" href="/snapshots/{snapshot.SnapshotId}?page={page + 1}">next →</a>""");
        }

        html.Write($"</nav>");
    }

    /// <summary>The revision's other key fields (JSON object) as <c>name=value</c> pairs.</summary>
    private static string Detail(string json)
    {
        if (json.Length == 0)
        {
            return "";
        }

        using var document = JsonDocument.Parse(json);
        return string.Join(", ", document.RootElement.EnumerateObject().Select(p => $"{p.Name}={p.Value}"));
    }
}
