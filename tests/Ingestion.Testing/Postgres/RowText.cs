using System.Globalization;
using Npgsql;

namespace Ingestion.Testing.Postgres;

/// <summary>How tests compare query results: every remaining row's cells as invariant text joined with '|', NULL as empty.</summary>
public static class RowText
{
    public static async Task<List<string>> ReadAllAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i =>
                reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
