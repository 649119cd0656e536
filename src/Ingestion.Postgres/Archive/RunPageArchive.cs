using System.IO.Compression;
using Ingestion.Core.Ports;
using Npgsql;

namespace Ingestion.Postgres.Archive;

/// <summary>
/// Archives a run's raw pages: the gzip-compressed bytes are stored once per SHA-256 (an unchanged page costs a
/// key lookup), and the run links to them by page number and request URI. Safe to call from concurrent page
/// fetches: each call uses its own pooled connection.
/// </summary>
internal sealed class RunPageArchive(NpgsqlDataSource dataSource, long runId, TimeProvider time) : IRawPageArchive
{
    public async Task ArchiveAsync(RawPage page, CancellationToken cancellationToken)
    {
        var sha256 = Convert.FromHexString(page.Sha256);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO ingestion.raw_pages (sha256, byte_length, gzip, first_seen)
            SELECT @sha256, @byte_length, @gzip, @now
            WHERE NOT EXISTS (SELECT FROM ingestion.raw_pages WHERE sha256 = @sha256)
            ON CONFLICT (sha256) DO NOTHING;
            INSERT INTO ingestion.run_pages (run_id, page_number, request_uri, sha256)
            VALUES (@run_id, @page_number, @request_uri, @sha256)
            ON CONFLICT (run_id, page_number) DO UPDATE SET request_uri = excluded.request_uri, sha256 = excluded.sha256;
            """, connection);
        command.Parameters.AddWithValue("sha256", sha256);
        command.Parameters.AddWithValue("byte_length", page.Content.Length);
        command.Parameters.AddWithValue("gzip", Compress(page.Content));
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("run_id", runId);
        command.Parameters.AddWithValue("page_number", page.PageNumber);
        command.Parameters.AddWithValue("request_uri", page.RequestUri);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static byte[] Compress(ReadOnlyMemory<byte> content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content.Span);
        }

        return output.ToArray();
    }
}
