using System.Globalization;
using System.Text;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// The table of contents as text (EUROSTAT-API.md §7): tab-separated, string fields double-quoted, <c>values</c> an
/// unquoted integer; a few folder rows (7 fields, no values) whose titles are indented 4 spaces a level, then one
/// dataset row per served flow with its last update (<c>DD.MM.YYYY</c>), structure change, coverage and count.
/// </summary>
internal static class EurostatToc
{
    public const string ContentType = "text/plain; charset=utf-8";

    private static readonly (string Title, string Code)[] Folders =
    [
        ("Database by themes", "data"),
        ("    Population and social conditions", "popul"),
        ("        International migration and asylum", "migr"),
        ("            Asylum and managed migration", "migr_asy"),
    ];

    public static string Write(IEnumerable<IEurostatFlow> flows)
    {
        var text = new StringBuilder();
        text.Append("\"title\"\t\"code\"\t\"type\"\t\"last update of data\"\t\"last table structure change\"\t\"data start\"\t\"data end\"\t\"values\"\n");
        foreach (var (title, code) in Folders)
        {
            text.Append(CultureInfo.InvariantCulture, $"\"{title}\"\t\"{code}\"\t\"folder\"\t\"\"\t\"\"\t\"\"\t\"\"\n");
        }

        foreach (var flow in flows.OrderBy(f => f.Definition.Id, StringComparer.Ordinal))
        {
            var definition = flow.Definition;
            text.Append(CultureInfo.InvariantCulture,
                $"\"                {definition.Title}\"\t\"{definition.Id}\"\t\"dataset\"\t\"{Date(flow.LastUpdate)}\"\t\"{Date(definition.StructureChanged)}\"\t\"{flow.FirstPeriod}\"\t\"{flow.LastPeriod}\"\t{flow.TotalCount}\n");
        }

        return text.ToString();
    }

    private static string Date(DateTimeOffset value) => value.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
