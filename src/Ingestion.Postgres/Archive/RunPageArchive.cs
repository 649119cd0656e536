using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using Ingestion.Core.Ports;
using Ingestion.Postgres.Resilience;
using Npgsql;

namespace Ingestion.Postgres.Archive;

/// <summary>
/// Archives a run's raw pages: the gzip-compressed bytes are stored once per SHA-256, and the run links to them by
/// page number and request URI. A page stored before (an unchanged release) costs a key lookup: it is not even
/// compressed. Safe to call from concurrent page fetches: each call uses its own pooled connection. The page's
/// bytes are only read during the call (sources lend pooled buffers). Each page is stored through the database
/// pipeline (both statements are idempotent), and remembered: a run resumed after a lost connection finds it
/// with <see cref="FindAsync"/> instead of fetching it again.
/// </summary>
internal sealed class RunPageArchive(NpgsqlDataSource dataSource, string dataset, long runId, TimeProvider time, DatabaseRetry retry, DatabaseOutage outage) : IRawPageArchive
{
    /// <summary>What this run archived (page number → request URI and SHA-256), so a first attempt asks the database nothing.</summary>
    private readonly ConcurrentDictionary<int, (string RequestUri, string Sha256)> _archived = new();

    public async Task ArchiveAsync(RawPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (_archived.TryGetValue(page.PageNumber, out var known) && known == (page.RequestUri, page.Sha256))
        {
            return; // a resumed run handing back the page it read from here
        }

        await retry.ExecuteAsync(token => StoreAsync(page, token), outage, cancellationToken);
        _archived[page.PageNumber] = (page.RequestUri, page.Sha256);
    }

    public async ValueTask<RawPage?> FindAsync(int pageNumber, string requestUri, CancellationToken cancellationToken)
    {
        if (!_archived.TryGetValue(pageNumber, out var known) || known.RequestUri != requestUri)
        {
            return null;
        }

        var content = await retry.ExecuteAsync(token => ArchivedPages.ReadOneAsync(dataSource, Convert.FromHexString(known.Sha256), token), outage, cancellationToken);
        return new RawPage(dataset, pageNumber, requestUri, content);
    }

    private async ValueTask StoreAsync(RawPage page, CancellationToken cancellationToken)
    {
        var sha256 = Convert.FromHexString(page.Sha256);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await IsStoredAsync(connection, sha256, cancellationToken))
        {
            await using var store = new NpgsqlCommand("""
                INSERT INTO ingestion.raw_pages (sha256, byte_length, gzip, first_seen)
                VALUES (@sha256, @byte_length, @gzip, @now)
                ON CONFLICT (sha256) DO NOTHING
                """, connection);
            var (gzip, length) = Compress(page.Content);
            try
            {
                store.Parameters.AddWithValue("sha256", sha256);
                store.Parameters.AddWithValue("byte_length", page.Content.Length);
                store.Parameters.AddWithValue("gzip", new ArraySegment<byte>(gzip, 0, length));
                store.Parameters.AddWithValue("now", time.GetUtcNow());
                await store.ExecuteNonQueryAsync(cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(gzip);
            }
        }

        await using var link = new NpgsqlCommand("""
            INSERT INTO ingestion.run_pages (run_id, page_number, request_uri, sha256)
            VALUES (@run_id, @page_number, @request_uri, @sha256)
            ON CONFLICT (run_id, page_number) DO UPDATE SET request_uri = excluded.request_uri, sha256 = excluded.sha256
            """, connection);
        link.Parameters.AddWithValue("run_id", runId);
        link.Parameters.AddWithValue("page_number", page.PageNumber);
        link.Parameters.AddWithValue("request_uri", page.RequestUri);
        link.Parameters.AddWithValue("sha256", sha256);
        await link.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> IsStoredAsync(NpgsqlConnection connection, byte[] sha256, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT FROM ingestion.raw_pages WHERE sha256 = @sha256)", connection);
        command.Parameters.AddWithValue("sha256", sha256);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// gzip of the page at the fastest level (a UNHCR page comes out about a fifth larger than at the default level, in
    /// about a quarter of the time: every page of a new release is compressed while the run waits), in a buffer rented from the pool (returned by the caller once stored), so archiving a
    /// multi-megabyte page leaves no large-object-heap array behind. A body that is gzip already (Eurostat's) gains
    /// nothing from a second compression, so it is only framed (stored blocks: a CRC, no deflate work); reading it
    /// back still yields the exact bytes received.
    /// </summary>
    private static (byte[] Rented, int Length) Compress(ReadOnlyMemory<byte> content)
    {
        var alreadyGzip = content.Length >= 2 && content.Span[0] == 0x1f && content.Span[1] == 0x8b;
        // Stored blocks add 5 bytes per 64 KiB; deflate of incompressible data about as much: never more than this.
        var rented = ArrayPool<byte>.Shared.Rent(content.Length + content.Length / 1024 + 1024);
        try
        {
            using var output = new MemoryStream(rented, 0, rented.Length, writable: true, publiclyVisible: true);
            using (var gzip = new GZipStream(output, alreadyGzip ? CompressionLevel.NoCompression : CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(content.Span);
            }

            return (rented, (int)output.Position);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }
    }
}
