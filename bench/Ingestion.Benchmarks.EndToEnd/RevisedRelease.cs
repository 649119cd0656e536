using System.Globalization;
using System.Text;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>
/// A copy of a release's population table with every 100th data row's <c>refugees</c> one higher (empty counts as 0),
/// in a folder of its own: the fake API serves it as a release (its <c>Release</c> may be an absolute folder) that
/// revises 1 % of keys and adds or removes none. Other tables fall back to 2025.12.1.
/// </summary>
internal static class RevisedRelease
{
    private const int RefugeesColumn = 7;

    /// <returns>The folder and the number of rows revised.</returns>
    public static (string Folder, int Revised) Write(string sourceCsv, string folder)
    {
        Directory.CreateDirectory(folder);
        var revised = 0;
        using var output = new StreamWriter(Path.Combine(folder, "population.csv"), append: false, new UTF8Encoding(false));
        var index = -1; // the header is line -1
        foreach (var line in File.ReadLines(sourceCsv))
        {
            if (index >= 0 && index % 100 == 0)
            {
                output.WriteLine(AddOneRefugee(line));
                revised++;
            }
            else
            {
                output.WriteLine(line);
            }

            index++;
        }

        return (folder, revised);
    }

    /// <summary>Rewrites the refugees field; names are quoted and may hold commas, the counts are plain.</summary>
    private static string AddOneRefugee(string line)
    {
        var (start, end) = FieldBounds(line, RefugeesColumn);
        var field = line[start..end];
        var value = field.Length == 0 ? 0 : long.Parse(field, CultureInfo.InvariantCulture);
        return string.Concat(line.AsSpan(0, start), (value + 1).ToString(CultureInfo.InvariantCulture), line.AsSpan(end));
    }

    private static (int Start, int End) FieldBounds(string line, int column)
    {
        var quoted = false;
        var field = 0;
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ',' && !quoted)
            {
                if (field == column)
                {
                    return (start, i);
                }

                field++;
                start = i + 1;
            }
        }

        return field == column ? (start, line.Length) : throw new FormatException($"No column {column} in: {line}");
    }
}
