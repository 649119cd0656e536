using Ingestion.Core.Ports;
using Npgsql;

namespace Ingestion.Postgres.Archive;

/// <summary>The pages a snapshot's run archived, and the rows it read from them (see <see cref="KnownPages"/>).</summary>
internal static class KnownPagesQuery
{
    /// <summary>
    /// One query by primary keys: a handful of rows (one per page). Empty when the run archived no pages (a reprocess
    /// publishes from another run's pages and archives none).
    /// </summary>
    public static async Task<KnownPages> ReadAsync(NpgsqlConnection connection, long snapshotId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT rp.page_number, rp.request_uri, rp.sha256, r.rows_read
            FROM ingestion.snapshots s
            JOIN ingestion.runs r ON r.run_id = s.run_id
            JOIN ingestion.run_pages rp ON rp.run_id = s.run_id
            WHERE s.snapshot_id = @snapshot_id
            """, connection);
        command.Parameters.AddWithValue("snapshot_id", snapshotId);
        var pages = new List<(int, string, string)>();
        var rows = 0L;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pages.Add((reader.GetInt32(0), reader.GetString(1), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2))));
            rows = reader.GetInt64(3);
        }

        return pages.Count == 0 ? KnownPages.None : new KnownPages(pages, rows);
    }
}
