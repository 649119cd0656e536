using Ingestion.Core.Runs;
using Ingestion.Worker.Cli.Output;

namespace Ingestion.Worker.StatusPage;

/// <summary>A table of runs (the overview's recent runs, a dataset's own), newest first, each error on one line.</summary>
public static class RunsTable
{
    public static void Write(HtmlWriter html, IReadOnlyList<RunRecord> runs, DateTimeOffset now, string heading, string id, bool showDataset)
    {
        html.Write($"<h2>{heading}</h2>");
        if (runs.Count == 0)
        {
            html.Write($"""<p class="muted">No runs yet.</p>""");
            return;
        }

        html.Write($"""
            <table id="{id}"><thead><tr><th scope="col" class="num">Run</th>{(showDataset ? new Html("<th scope=\"col\">Dataset</th>") : Html.Empty)}<th scope="col">Trigger</th>
            <th scope="col">Status</th><th scope="col">Started</th><th scope="col" class="num">Took</th><th scope="col">Years</th>
            <th scope="col" class="num">Rows read</th><th scope="col" class="num">Snapshot</th><th scope="col">Error</th></tr></thead><tbody>
            """);
        foreach (var run in runs)
        {
            var took = run.FinishedAt is { } finished ? $"{(finished - run.StartedAt).TotalSeconds:0.#} s" : "";
            var dataset = showDataset
                ? new HtmlWriter().Write($"""<td><a href="/datasets/{Uri.EscapeDataString(run.Dataset)}">{run.Dataset}</a></td>""").ToHtml()
                : Html.Empty;
            html.Write($"""
                <tr data-run="{run.RunId}" data-status="{Format.Lower(run.Status)}"><td class="num">{run.RunId}</td>{dataset}
                <td>{Format.Lower(run.Trigger)}{(run.IsDryRun ? " (dry run)" : "")}</td><td>{Display.Badge(run.Status)}</td>
                <td title="{Display.Time(run.StartedAt)}">{Display.Age(run.StartedAt, now)}</td><td class="num">{took}</td>
                <td>{Display.Years(run.YearFrom, run.YearTo)}</td><td class="num">{Display.Number(run.RowsRead)}</td>
                <td class="num">{SnapshotLink.To(run.SnapshotId)}</td><td class="error" title="{run.Error}">{Display.OneLine(run.Error)}</td></tr>
                """);
        }

        html.Write($"</tbody></table>");
    }
}
