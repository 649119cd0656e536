using System.Text;
using System.Xml;
using System.Xml.Linq;
using Ingestion.Core.Ports;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// What a flow's SDMX-ML structure (<c>sdmx/2.1/datastructure/ESTAT/{ID}</c>) says that a split needs: the order of
/// the dimensions in a series key (time excluded) and the codes of each. Read only when a request must be split.
/// </summary>
internal sealed class DataStructure(IReadOnlyList<string> dimensions, IReadOnlyDictionary<string, IReadOnlyList<string>> codes)
{
    public IReadOnlyList<string> Dimensions => dimensions;

    public IReadOnlyList<string> Codes(string dimension) => codes.GetValueOrDefault(dimension) ?? [];

    /// <summary>The dot-separated key selecting <paramref name="filter"/>'s codes (an empty position is a wildcard).</summary>
    public string Key(IReadOnlyDictionary<string, IReadOnlyList<string>> filter) =>
        string.Join('.', dimensions.Select(d => filter.TryGetValue(d, out var selected) ? string.Join('+', selected) : ""));

    public static DataStructure Parse(ReadOnlySpan<byte> body, string dataset)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(Encoding.UTF8.GetString(body));
        }
        catch (XmlException e)
        {
            throw new SourceException($"Eurostat {dataset}: the data structure is not XML ({e.Message}).", e);
        }

        var codelists = document.Descendants().Where(e => e.Name.LocalName == "Codelist")
            .ToDictionary(
                c => (string?)c.Attribute("id") ?? "",
                c => (IReadOnlyList<string>)[.. c.Elements().Where(e => e.Name.LocalName == "Code").Select(e => (string?)e.Attribute("id") ?? "")],
                StringComparer.OrdinalIgnoreCase);
        var dimensions = document.Descendants().Where(e => e.Name.LocalName == "Dimension")
            .Select((e, i) => (Id: ((string?)e.Attribute("id") ?? "").ToLowerInvariant(), Position: (int?)e.Attribute("position") ?? i + 1, Element: e))
            .OrderBy(d => d.Position)
            .ToList();
        if (dimensions.Count == 0)
        {
            throw new SourceException($"Eurostat {dataset}: the data structure lists no dimensions.");
        }

        var codes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var dimension in dimensions)
        {
            var reference = dimension.Element.Descendants().FirstOrDefault(e => e.Name.LocalName == "Ref" && e.Parent?.Name.LocalName == "Enumeration");
            var listId = (string?)reference?.Attribute("id");
            if ((listId is not null && codelists.TryGetValue(listId, out var list))
                || codelists.TryGetValue(dimension.Id, out list) || codelists.TryGetValue("CL_" + dimension.Id, out list))
            {
                codes[dimension.Id] = list;
            }
        }

        return new DataStructure([.. dimensions.Select(d => d.Id)], codes);
    }
}
