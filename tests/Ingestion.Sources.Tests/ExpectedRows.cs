using System.Globalization;
using Ingestion.Core.Model;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Releases;

namespace Ingestion.Sources.Tests;

/// <summary>The rows a dataset must yield, read straight from the package CSV (not through the fake API).</summary>
internal static class ExpectedRows
{
    public static IEnumerable<StatRow> FromCsv(CsvTable csv, DatasetDescriptor dataset)
    {
        if (!dataset.HasPeriod)
        {
            var (iso, code, name, major, region) = (csv.Column("iso_code"), csv.Column("unhcr_code"), csv.Column("name"), csv.Column("unsd_region"), csv.Column("unsd_subregion"));
            foreach (var r in csv.Rows)
            {
                yield return new StatRow(0, [Blank(r[iso]) ?? r[code]!], [],
                    [Blank(r[code]), null, Blank(r[name]), Blank(r[name]), Blank(r[major]), Blank(r[region])]);
            }

            yield break;
        }

        var detail = dataset.Key.Skip(2).Select(k => csv.Column(k.Name)).ToArray();
        var measures = dataset.Measures.Select(csv.Column).ToArray();
        foreach (var r in csv.Rows)
        {
            yield return new StatRow(
                int.Parse(r[0]!, CultureInfo.InvariantCulture),
                [r[csv.Column("coo_iso")]!, r[csv.Column("coa_iso")]!, .. detail.Select(i => r[i]!)],
                [.. measures.Select(i => r[i] is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : (long?)null)],
                [r[csv.Column("coo")], r[csv.Column("coo_name")], r[csv.Column("coa")], r[csv.Column("coa_name")]]);
        }
    }

    /// <summary>Every key, value and attribute of a row as one comparable line.</summary>
    public static string Text(StatRow row) =>
        $"{row.Year}|{row.Origin}|{row.Asylum}|{string.Join(',', row.Detail)}|" +
        $"{string.Join(',', row.Measures.Select(m => m?.ToString(CultureInfo.InvariantCulture) ?? "null"))}|" +
        $"{string.Join(',', row.Attributes.Select(a => a ?? "null"))}|{row.SuppressedMask}";

    /// <summary>Country names keep the API's trailing spaces in the CSV ("Curacao "); the source trims them.</summary>
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
