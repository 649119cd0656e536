using System.IO.Compression;
using System.Runtime.CompilerServices;
using Ingestion.Core.Ports;
using Npgsql;

namespace Ingestion.Postgres.Archive;

/// <summary>Reads a run's archived pages back, decompressed and in page order (for reprocess).</summary>
internal static class ArchivedPages
{
    public static async IAsyncEnumerable<RawPage> ReadAsync(NpgsqlDataSource dataSource, long runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var dataset = await DatasetOfAsync(connection, runId, cancellationToken)
            ?? throw new InvalidOperationException($"Run {runId} does not exist.");
        await using var command = new NpgsqlCommand("""
            SELECT rp.page_number, rp.request_uri, p.gzip, p.byte_length
            FROM ingestion.run_pages rp
            JOIN ingestion.raw_pages p ON p.sha256 = rp.sha256
            WHERE rp.run_id = @run_id
            ORDER BY rp.page_number
            """, connection);
        command.Parameters.AddWithValue("run_id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var content = Decompress(reader.GetFieldValue<byte[]>(2), reader.GetInt32(3));
            yield return new RawPage(dataset, reader.GetInt32(0), reader.GetString(1), content);
        }
    }

    /// <summary>One stored page's bytes, by its SHA-256.</summary>
    public static async ValueTask<byte[]> ReadOneAsync(NpgsqlDataSource dataSource, byte[] sha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT gzip, byte_length FROM ingestion.raw_pages WHERE sha256 = @sha256");
        command.Parameters.AddWithValue("sha256", sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Raw page {Convert.ToHexStringLower(sha256)} is not in the archive.");
        }

        return Decompress(reader.GetFieldValue<byte[]>(0), reader.GetInt32(1));
    }

    private static async Task<string?> DatasetOfAsync(NpgsqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT dataset FROM ingestion.runs WHERE run_id = @run_id", connection);
        command.Parameters.AddWithValue("run_id", runId);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    private static byte[] Decompress(byte[] gzip, int length)
    {
        var content = new byte[length];
        using var stream = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        stream.ReadExactly(content);
        return content;
    }
}
