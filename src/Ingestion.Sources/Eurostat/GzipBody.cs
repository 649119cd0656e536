using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// Eurostat's <c>compressed=true</c> bodies are gzip without a <c>Content-Encoding</c> header, so they are recognised
/// by their magic bytes and checked whole (inflated once, length compared with the trailer) inside the retried
/// request: a body cut short in transit is retried like a 5xx instead of failing the run half-way through parsing.
/// </summary>
internal static class GzipBody
{
    public static bool IsGzip(ReadOnlySpan<byte> body) => body.Length >= 2 && body[0] == 0x1f && body[1] == 0x8b;

    /// <summary>What is wrong with the body, or null when it inflates completely to the length its trailer states.</summary>
    public static string? Problem(ReadOnlyMemory<byte> body)
    {
        if (!IsGzip(body.Span) || body.Length < 18)
        {
            return "not gzip";
        }

        var stated = BinaryPrimitives.ReadUInt32LittleEndian(body.Span[^4..]);
        try
        {
            using var gzip = new GZipStream(OpenRead(body), CompressionMode.Decompress);
            var buffer = new byte[81920];
            long inflated = 0;
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                inflated += read;
            }

            return (uint)inflated == stated ? null : $"gzip cut short (inflated {inflated} bytes, trailer says {stated} mod 2^32)";
        }
        catch (InvalidDataException e)
        {
            return $"corrupt gzip ({e.Message})";
        }
    }

    public static Stream OpenRead(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
}
