using System.Globalization;

namespace Ingestion.Worker.StatusPage;

/// <summary>A link to a snapshot's page, <c>#id</c>; a dash without one.</summary>
public static class SnapshotLink
{
    public static Html To(long? snapshotId) => snapshotId is { } id
        ? new HtmlWriter().Write($"""<a href="/snapshots/{id.ToString(CultureInfo.InvariantCulture)}">#{id}</a>""").ToHtml()
        : new Html("–");
}
