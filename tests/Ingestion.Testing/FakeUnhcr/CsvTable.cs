using System.Text;

namespace Ingestion.Testing.FakeUnhcr;

/// <summary>
/// A CSV file read whole (RFC 4180, as R's <c>write.csv</c> writes it). An unquoted empty cell is R's NA and
/// reads as null; a quoted empty cell (<c>""</c>) reads as the empty string.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string[] header, List<string?[]> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string?[]> Rows { get; }

    public int Column(string name)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (Header[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"CSV has no column '{name}' (columns: {string.Join(", ", Header)}).", nameof(name));
    }

    public static CsvTable Load(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var records = new List<string?[]>();
        var position = 0;
        while (position < text.Length)
        {
            records.Add(ReadRecord(text, ref position));
        }

        var header = records[0].Select(h => h ?? "").ToArray();
        records.RemoveAt(0);
        var bad = records.FindIndex(r => r.Length != header.Length);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{path}: record {bad + 2} has {records[bad].Length} fields, header has {header.Length}.");
        }

        return new CsvTable(header, records);
    }

    private static string?[] ReadRecord(string text, ref int position)
    {
        var fields = new List<string?>();
        var cell = new StringBuilder();
        while (true)
        {
            string? value;
            if (position < text.Length && text[position] == '"')
            {
                position++;
                cell.Clear();
                while (true)
                {
                    var quote = text.IndexOf('"', position);
                    if (quote < 0)
                    {
                        throw new InvalidDataException($"Unterminated quoted CSV field at offset {position}.");
                    }

                    cell.Append(text, position, quote - position);
                    position = quote + 1;
                    if (position < text.Length && text[position] == '"')
                    {
                        cell.Append('"');
                        position++;
                        continue;
                    }

                    break;
                }

                value = cell.ToString();
            }
            else
            {
                var end = position;
                while (end < text.Length && text[end] is not (',' or '\n' or '\r'))
                {
                    end++;
                }

                value = end == position ? null : text[position..end];
                position = end;
            }

            fields.Add(value);
            if (position >= text.Length)
            {
                return [.. fields];
            }

            var separator = text[position++];
            if (separator == ',')
            {
                continue;
            }

            if (separator == '\r' && position < text.Length && text[position] == '\n')
            {
                position++;
            }

            return [.. fields];
        }
    }
}
