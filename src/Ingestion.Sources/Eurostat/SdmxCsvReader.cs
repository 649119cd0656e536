using System.Globalization;
using System.IO.Compression;
using System.Text;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// Streams the rows of one gzip SDMX-CSV 1.0 body (DESIGN §3b). Columns are found by name in the header, whose order
/// follows the flow's structure; a dimension column the dataset does not declare, or a declared one missing, is schema
/// drift naming both. An empty <c>OBS_VALUE</c> (or Eurostat's <c>:</c>) is null; empty flags are null. Codes repeat
/// on every line, so each column's values are shared strings.
/// </summary>
internal sealed class SdmxCsvReader(EurostatFlow flow)
{
    private const string Frequency = "freq";
    private const string UnitColumn = "unit";
    private static readonly string[] Fixed = ["DATAFLOW", "LAST UPDATE", Frequency, UnitColumn];
    private static readonly string[] Trailing = ["TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS"];
    private readonly SharedStrings _strings = new();

    private DatasetDescriptor Dataset => flow.Dataset;

    public IEnumerable<StatRow> Read(ReadOnlyMemory<byte> gzip, int page)
    {
        using var reader = new StreamReader(new GZipStream(GzipBody.OpenRead(gzip), CompressionMode.Decompress), Encoding.UTF8);
        var header = reader.ReadLine();
        if (header is null)
        {
            yield break;
        }

        var columns = MapHeader(header, page);
        var fields = new Range[columns.Width + 1];
        var keyCount = Dataset.Key.Count;
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var row = text.AsSpan();
            if (row.Contains('"'))
            {
                throw Problem(page, line, "holds a quoted field, which this reader does not expect in Eurostat's SDMX-CSV");
            }

            if (row.Split(fields, ',') != columns.Width)
            {
                throw Problem(page, line, $"has {row.Count(',') + 1} fields, the header {columns.Width}");
            }

            Expect(row[fields[columns.Frequency]], flow.Frequency, Frequency, page, line);
            Expect(row[fields[columns.Unit]], EurostatFlow.Unit, UnitColumn, page, line);
            var key = new string[keyCount];
            for (var i = 0; i < keyCount; i++)
            {
                key[i] = _strings.Get(i, row[fields[columns.Key[i]]]);
            }

            var citizen = key[0];
            var geo = key[1];
            yield return new StatRow(
                Period(row[fields[columns.Time]], page, line),
                key,
                [Value(row[fields[columns.Value]], page, line)],
                [EurostatCountryCodes.Iso3(citizen), EurostatCountryCodes.Iso3(geo), Flag(0, row[fields[columns.ObsFlag]]), Flag(1, row[fields[columns.ConfStatus]])]);
        }
    }

    private Columns MapHeader(string header, int page)
    {
        var names = header.Split(',').Select(n => n.Trim()).ToList();
        var expected = Fixed.Concat(Dataset.Key.Select(k => k.Name)).Concat(Trailing).ToList();
        var missing = expected.Where(e => !names.Contains(e, StringComparer.OrdinalIgnoreCase)).ToList();
        var unknown = names.Where(n => !expected.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count + unknown.Count > 0)
        {
            throw new SchemaDriftException(Dataset.Name, page, missing, unknown);
        }

        int At(string name) => names.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return new Columns(
            names.Count, At(Frequency), At(UnitColumn), [.. Dataset.Key.Select(k => At(k.Name))],
            At("TIME_PERIOD"), At("OBS_VALUE"), At("OBS_FLAG"), At("CONF_STATUS"));
    }

    private int Period(ReadOnlySpan<char> text, int page, int line)
    {
        if (text.Length >= 4 && int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            if (!flow.IsMonthly && text.Length == 4)
            {
                return year;
            }

            // 2015-03 (SDMX) or 2015M03 (Eurostat's older notation)
            if (flow.IsMonthly && text.Length == 7 && text[4] is '-' or 'M'
                && int.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
            {
                return year * 100 + month;
            }
        }

        throw Problem(page, line, $"has TIME_PERIOD '{text}', expected {(flow.IsMonthly ? "yyyy-mm" : "yyyy")}");
    }

    private long? Value(ReadOnlySpan<char> text, int page, int line)
    {
        if (text.IsEmpty || text is ":")
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        // A whole number written as a decimal (520.0) is still a count; a fraction is not.
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number)
            ? (long)number
            : throw Problem(page, line, $"has OBS_VALUE '{text}', not a whole number");
    }

    private string? Flag(int column, ReadOnlySpan<char> text) => text.IsEmpty ? null : _strings.Get(Dataset.Key.Count + column, text);

    private void Expect(ReadOnlySpan<char> value, string expected, string column, int page, int line)
    {
        if (!value.SequenceEqual(expected))
        {
            throw Problem(page, line, $"has {column} '{value}', but {Dataset.Name} holds only {column} {expected}");
        }
    }

    private SourceException Problem(int page, int line, string problem) => new($"Eurostat {Dataset.Name}, page {page}, line {line} {problem}.");

    private sealed record Columns(int Width, int Frequency, int Unit, int[] Key, int Time, int Value, int ObsFlag, int ConfStatus);
}
