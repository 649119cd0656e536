using System.Globalization;
using System.Text.Json;
using Ingestion.Core.Model;

namespace Ingestion.Testing.FakeUnhcr;

/// <summary>
/// Writes one CSV row of the R package tables back into the live API's item shape (UNHCR-API.md §4, §7):
/// identity fields in API order with synthesized stable <c>coo_id</c>/<c>coa_id</c>; the UKN name as
/// <c>"Unknown "</c> with the trailing space the API sends; counts: empty (R NA) → <c>"-"</c>, zero → <c>"0"</c>,
/// others → JSON integers.
/// <para>
/// Countries: the package's <c>countries.csv</c> (iso_code, unhcr_code, name, unhcr_region, unsd_region,
/// unsd_subregion, unsd_imregion) is mapped onto the <c>/countries/</c> shape as <c>"0"</c> = 1,
/// <c>id</c> = synthesized, <c>code</c> = unhcr_code, <c>iso</c> = iso_code (null when empty),
/// <c>name</c>/<c>nameOrigin</c>/<c>nameLong</c>/<c>nameShort</c> = name, <c>majorArea</c> = unsd_region,
/// <c>region</c> = unsd_subregion; fields the package does not carry (<c>iso2</c>, <c>nameFormal</c>,
/// <c>nationality</c>, the French names) are null, as the live API sends for some countries.
/// </para>
/// </summary>
public static class FakeUnhcrItems
{
    private const int IdentityColumns = 7;

    /// <summary>Writes the item and returns its year (0 for countries).</summary>
    public static int Write(Utf8JsonWriter writer, CsvTable csv, string?[] row, DatasetDescriptor dataset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(dataset);
        return !dataset.HasPeriod ? WriteCountry(writer, row) : WritePair(writer, csv, row, dataset);
    }

    private static int WritePair(Utf8JsonWriter writer, CsvTable csv, string?[] row, DatasetDescriptor dataset)
    {
        var year = int.Parse(row[0]!, CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteNumber("year", year);
        WriteSide(writer, "coo", row[1], row[2], row[3]);
        WriteSide(writer, "coa", row[4], row[5], row[6]);
        for (var column = IdentityColumns; column < row.Length; column++)
        {
            var name = csv.Header[column];
            if (dataset.Measures.Contains(name))
            {
                WriteCount(writer, name, row[column]);
            }
            else
            {
                writer.WriteString(name, row[column]);
            }
        }

        writer.WriteEndObject();
        return year;
    }

    private static void WriteSide(Utf8JsonWriter writer, string side, string? name, string? code, string? iso)
    {
        writer.WriteNumber(side + "_id", FakeIds.For(code ?? ""));
        writer.WriteString(side + "_name", code == "UKN" ? name + " " : name);
        writer.WriteString(side, code);
        writer.WriteString(side + "_iso", iso);
    }

    private static void WriteCount(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteString(name, "-");
        }
        else if (value == "0")
        {
            writer.WriteString(name, "0");
        }
        else
        {
            writer.WriteNumber(name, long.Parse(value, CultureInfo.InvariantCulture));
        }
    }

    private static int WriteCountry(Utf8JsonWriter writer, string?[] row)
    {
        var (iso, code, name, majorArea, region) = (row[0], row[1], row[2], row[4], row[5]);
        writer.WriteStartObject();
        writer.WriteNumber("0", 1);
        writer.WriteNumber("id", FakeIds.For(code ?? ""));
        writer.WriteString("code", code);
        writer.WriteString("iso", string.IsNullOrEmpty(iso) ? null : iso);
        writer.WriteNull("iso2");
        foreach (var field in new[] { "name", "nameOrigin", "nameLong", "nameShort" })
        {
            writer.WriteString(field, name);
        }

        writer.WriteNull("nameFormal");
        writer.WriteNull("nationality");
        writer.WriteString("majorArea", majorArea);
        writer.WriteString("region", region);
        writer.WriteNull("nameFr");
        writer.WriteNull("majorAreaFr");
        writer.WriteNull("regionFr");
        writer.WriteEndObject();
        return 0;
    }
}
