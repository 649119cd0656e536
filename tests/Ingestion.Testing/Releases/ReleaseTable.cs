using System.Globalization;
using System.Text;
using Ingestion.Core.Model;

namespace Ingestion.Testing.Releases;

/// <summary>
/// Reads one of UNHCR's full release tables in <c>../shared/data/unhcr-refugees-r</c> (RFC-4180 CSV, API field
/// names) into <see cref="StatRow"/>s: origin/asylum from <c>coo_iso</c>/<c>coa_iso</c>, an empty cell is NULL
/// ("not applicable"), attributes from <c>coo</c>, <c>coo_name</c>, <c>coa</c>, <c>coa_name</c>.
/// </summary>
public static class ReleaseTable
{
    private static readonly Dictionary<string, string> AttributeColumns = new(StringComparer.Ordinal)
    {
        ["origin_unhcr"] = "coo", ["origin_name"] = "coo_name", ["asylum_unhcr"] = "coa", ["asylum_name"] = "coa_name",
    };

    public static IReadOnlyList<StatRow> Read(DatasetDescriptor dataset, string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = SplitLine(reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty."));
        var column = header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
        int Index(string name) => column.TryGetValue(name, out var i) ? i : throw new InvalidDataException($"{path} has no column '{name}'.");
        var year = Index("year");
        var origin = Index("coo_iso");
        var asylum = Index("coa_iso");
        var detail = dataset.Key.Skip(2).Select(k => Index(k.Name)).ToArray();
        var measures = dataset.Measures.Select(Index).ToArray();
        var attributes = dataset.Attributes.Select(a => Index(AttributeColumns[a.Name])).ToArray();

        var rows = new List<StatRow>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var cells = SplitLine(line);
            rows.Add(new StatRow(
                int.Parse(cells[year], CultureInfo.InvariantCulture),
                [cells[origin], cells[asylum], .. detail.Select(i => cells[i])],
                [.. measures.Select(i => cells[i].Length == 0 ? (long?)null : long.Parse(cells[i], CultureInfo.InvariantCulture))],
                [.. attributes.Select(i => cells[i].Length == 0 ? null : cells[i])]));
        }

        return rows;
    }

    /// <summary>Splits one CSV record: quoted cells may hold commas and doubled quotes (the files have no multi-line cells).</summary>
    private static string[] SplitLine(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
