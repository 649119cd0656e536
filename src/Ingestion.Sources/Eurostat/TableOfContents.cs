using System.Globalization;
using System.Text;
using Ingestion.Core.Ports;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// One dataset's line of Eurostat's table of contents (<c>catalogue/toc/txt</c>): when its data and structure last
/// changed, the periods it covers and its number of values. Together they are the release a run compares with the
/// last published one, to skip a download when nothing changed; the coverage keeps requests to years that exist.
/// </summary>
internal sealed record TableOfContentsEntry(string Code, string LastUpdate, string LastStructureChange, string DataStart, string DataEnd, string Values)
{
    private static readonly string[] Columns = ["code", "type", "last update of data", "last table structure change", "data start", "data end", "values"];

    public string Release => $"data {LastUpdate}, structure {LastStructureChange}, {DataStart}..{DataEnd}, {Values} values";

    /// <summary>The first and last year the dataset has data for (monthly coverage <c>2008-01</c> counts as 2008).</summary>
    public (int First, int Last) Years => (YearOf(DataStart, "data start"), YearOf(DataEnd, "data end"));

    /// <summary>Finds <paramref name="code"/> (case-insensitive; a code listed under several folders is the same dataset).</summary>
    public static TableOfContentsEntry? Find(ReadOnlySpan<byte> body, string code, string dataset)
    {
        using var reader = new StringReader(Encoding.UTF8.GetString(body));
        var header = reader.ReadLine() ?? throw new SourceException($"Eurostat {dataset}: the table of contents is empty.");
        var names = Split(header);
        var index = Columns.Select(c => names.FindIndex(n => string.Equals(n, c, StringComparison.OrdinalIgnoreCase))).ToArray();
        var missing = Columns.Where((_, i) => index[i] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new SchemaDriftException(dataset + " (table of contents)", 0, missing, []);
        }

        while (reader.ReadLine() is { } line)
        {
            var fields = Split(line);
            if (fields.Count > index[0] && string.Equals(fields[index[0]], code, StringComparison.OrdinalIgnoreCase)
                && string.Equals(fields[index[1]], "dataset", StringComparison.OrdinalIgnoreCase))
            {
                string Field(int i) => index[i] < fields.Count ? fields[index[i]] : "";
                return new TableOfContentsEntry(Field(0), Field(2), Field(3), Field(4), Field(5), Field(6));
            }
        }

        return null;
    }

    private int YearOf(string period, string column) =>
        period.Length >= 4 && int.TryParse(period.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            ? year
            : throw new SourceException($"Eurostat table of contents, dataset {Code}: '{column}' is '{period}', not a period.");

    private static List<string> Split(string line) =>
        [.. line.Split('\t').Select(f => f.Trim().Trim('"'))];
}
