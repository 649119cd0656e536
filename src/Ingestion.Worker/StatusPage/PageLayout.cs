using Microsoft.AspNetCore.Http;

namespace Ingestion.Worker.StatusPage;

/// <summary>The frame every page shares: title, the stylesheet (inline: the page needs no other request), the header.</summary>
public static class PageLayout
{
    private const string Style = """
        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa; --link: #0550ae;
                --ok: #1a7f37; --ok-bg: #dafbe1; --warn: #9a6700; --warn-bg: #fff8c5; --bad: #cf222e; --bad-bg: #ffebe9;
                --info: #0969da; --info-bg: #ddf4ff; --idle: #59636e; --idle-bg: #eff2f5; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
        header { background: #24292f; color: #fff; padding: 10px 24px; display: flex; align-items: baseline; gap: 16px; }
        header a { color: #fff; font-weight: 600; font-size: 16px; text-decoration: none; }
        header .now { color: #c9d1d9; font-size: 12px; margin-left: auto; }
        main { padding: 16px 24px 40px; max-width: 1400px; }
        h1 { font-size: 22px; margin: 8px 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        p.lead { color: var(--muted); margin: 0 0 12px; }
        a { color: var(--link); text-decoration: none; } a:hover { text-decoration: underline; }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--head); font-weight: 600; font-size: 12px; color: var(--muted); white-space: nowrap; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tbody th { background: transparent; color: var(--fg); font-size: 14px; white-space: normal; }
        tr.stale > * { background: #fffbea; }
        tr.failing > * { background: #fff5f4; }
        td.age { white-space: nowrap; }
        .small { font-size: 12px; }
        table.compact { width: auto; min-width: 480px; }
        td.error { color: var(--bad); min-width: 200px; max-width: 420px; overflow-wrap: anywhere; }
        .muted { color: var(--muted); }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
        .badge-published, .badge-fresh, .badge-unchanged { color: var(--ok); background: var(--ok-bg); }
        .badge-quarantined, .badge-stale { color: var(--warn); background: var(--warn-bg); }
        .badge-failed, .badge-abandoned { color: var(--bad); background: var(--bad-bg); }
        .badge-running { color: var(--info); background: var(--info-bg); }
        .badge-skipped, .badge-never, .badge-disabled, .badge-rejected { color: var(--idle); background: var(--idle-bg); }
        .cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0 4px; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 130px; }
        .card b { display: block; font-size: 22px; }
        .card.bad b { color: var(--bad); } .card.warn b { color: var(--warn); } .card.ok b { color: var(--ok); }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
        dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
        form.series { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; background: var(--head); padding: 10px 12px; border-radius: 6px; }
        form.series label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
        form.series input, form.series select { font: inherit; padding: 3px 6px; border: 1px solid var(--line); border-radius: 4px; min-width: 110px; }
        form.series button { font: inherit; padding: 4px 14px; border: 1px solid #1f883d; background: #1f883d; color: #fff; border-radius: 4px; }
        .legend { list-style: none; padding: 0; display: flex; gap: 18px; flex-wrap: wrap; margin: 10px 0 0; }
        .legend li { display: flex; align-items: center; gap: 6px; }
        .swatch { width: 22px; height: 0; border-top: 3px solid; display: inline-block; }
        .swatch.dashed { border-top-style: dashed; }
        svg.chart { width: 100%; max-width: 1000px; height: auto; display: block; margin-top: 8px; }
        .notice { padding: 8px 12px; border-radius: 6px; background: var(--warn-bg); color: var(--warn); margin: 8px 0; }
        .report { background: var(--bad-bg); }
        nav.pages { display: flex; gap: 14px; align-items: center; margin: 6px 0; }
        """;

    public static IResult Page(string title, Html body, DateTimeOffset now, int statusCode = StatusCodes.Status200OK)
    {
        var page = new HtmlWriter().Write($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Ingestion status</title>
            <style>{new Html(Style)}</style>
            </head>
            <body>
            <header><a href="/">Ingestion status</a><span class="now">read-only · as of {Display.Time(now)}</span></header>
            <main>
            {body}
            </main>
            </body>
            </html>
            """);
        return Results.Content(page.ToString(), "text/html; charset=utf-8", statusCode: statusCode);
    }

    public static IResult NotFound(string message, DateTimeOffset now) => Page(
        "Not found",
        new HtmlWriter().Write($"""<h1>Not found</h1><p class="lead" id="not-found">{message}</p><p><a href="/">Back to the overview</a></p>""").ToHtml(),
        now,
        StatusCodes.Status404NotFound);
}
