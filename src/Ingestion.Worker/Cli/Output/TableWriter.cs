namespace Ingestion.Worker.Cli.Output;

/// <summary>Writes rows as a left-aligned text table for people (numbers right-aligned).</summary>
public static class TableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in all)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => IsNumber(cell) ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd());
        }

        if (all.Count == 0)
        {
            output.WriteLine("(none)");
        }
    }

    private static bool IsNumber(string cell) => cell.Length > 0 && cell.All(c => char.IsDigit(c) || c is ',' or '.' or '-');
}
