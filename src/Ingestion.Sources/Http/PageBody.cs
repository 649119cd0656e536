using System.Buffers;

namespace Ingestion.Sources.Http;

/// <summary>
/// A response body in a buffer rented from the shared pool; disposing returns it. A population page is ~2.8 MB:
/// a fresh array per page would land on the large-object heap, and peak memory would grow with the page count
/// between full collections. Disposed once the page is archived and parsed (rows hold strings, not slices).
/// </summary>
public sealed class PageBody : IDisposable
{
    private byte[]? _rented;

    private PageBody(byte[] buffer, int length, bool rented)
    {
        _rented = rented ? buffer : null;
        Content = buffer.AsMemory(0, length);
    }

    public ReadOnlyMemory<byte> Content { get; private set; }

    /// <summary>Reads exactly <paramref name="length"/> bytes into a rented buffer (a short body throws EndOfStreamException).</summary>
    public static async Task<PageBody> ReadAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await stream.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken);
            return new PageBody(buffer, length, rented: true);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>A body already in an array of its own (tests, small replies).</summary>
    public static PageBody Wrap(byte[] body) => new(body, body.Length, rented: false);

    /// <summary>
    /// Reads a body whose length was not announced (a chunked response, as Eurostat's gzip data) into rented
    /// buffers, doubling through the pool as it grows, so large bodies reuse the same arrays run after run instead
    /// of leaving a fresh large-object-heap array behind for every page.
    /// </summary>
    public static async Task<PageBody> ReadToEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return new PageBody(buffer, length, rented: true);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        Content = ReadOnlyMemory<byte>.Empty;
        if (_rented is { } buffer)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
