using System.Globalization;
using System.Text;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;

namespace Ingestion.Worker.Tests.TestPublisher;

/// <summary>
/// Parses the arrivals CSV: a header naming exactly the dataset's fields (in any order), then one row per key. An empty
/// cell is "not available" (NULL), never zero. The test's files have no quoted cells, so a plain split is enough.
/// </summary>
public static class ArrivalsCsv
{
    private static readonly DatasetDescriptor Dataset = CsvStatsDatasets.Arrivals;

    /// <summary>The fields the header must name: the period, the key, the measures, the attributes.</summary>
    public static IReadOnlyList<string> Fields { get; } =
        ["year", .. Dataset.Key.Select(k => k.Name), .. Dataset.Measures, .. Dataset.Attributes.Select(a => a.Name)];

    public static IEnumerable<StatRow> Parse(ReadOnlyMemory<byte> body, int page)
    {
        var lines = Encoding.UTF8.GetString(body.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.Count == 0 ? [] : lines[0].Split(',');
        var missing = Fields.Except(header, StringComparer.Ordinal).ToList();
        var unknown = header.Except(Fields, StringComparer.Ordinal).ToList();
        if (missing.Count + unknown.Count > 0)
        {
            throw new SchemaDriftException(Dataset.Name, page, missing, unknown);
        }

        // Where each field sits in this file's header, so a reordered header still reads correctly.
        var column = Fields.Select(f => Array.IndexOf(header, f)).ToArray();
        var keys = Dataset.Key.Count;
        var measures = Dataset.Measures.Count;
        return lines.Skip(1).Select((line, i) =>
        {
            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new SourceException($"CSV stats {Dataset.Name}, line {i + 2}: {cells.Length} cells, expected {header.Length}.");
            }

            string Cell(int field) => cells[column[field]];
            return new StatRow(
                int.Parse(Cell(0), CultureInfo.InvariantCulture),
                [.. Enumerable.Range(1, keys).Select(Cell)],
                [.. Enumerable.Range(1 + keys, measures).Select(f => Cell(f) is "" ? (long?)null : long.Parse(Cell(f), CultureInfo.InvariantCulture))],
                [.. Enumerable.Range(1 + keys + measures, Dataset.Attributes.Count).Select(f => Cell(f) is "" ? null : Cell(f))]);
        });
    }
}
