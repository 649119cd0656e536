using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Ingestion.Testing.Postgres;

/// <summary>
/// A TCP proxy in front of PostgreSQL that reads the wire protocol (v3, unencrypted: <see cref="Route"/> turns TLS
/// and GSS encryption off), so a test can lose a COMMIT at an exact point instead of racing a restart against it.
/// Armed with <see cref="LoseNextCommit"/>, the first connection whose client sends a message containing the marker
/// (e.g. the text of the publish's snapshot INSERT) loses its next COMMIT as <see cref="CommitLoss"/> says. Then the
/// client's side of that connection is reset while the server's side stays open, as a network break leaves it: the
/// backend lives on (idle, or idle in its transaction) until someone terminates it or the proxy is disposed. Every
/// other byte is forwarded untouched.
/// </summary>
public sealed class CommitLossProxy : IAsyncDisposable
{
    private static readonly byte[] CommitTag = "COMMIT\0"u8.ToArray();

    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private volatile byte[]? _marker;
    private CommitLoss _loss;
    private int _fired;

    private CommitLossProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>How many COMMITs were lost (0 or 1: the proxy loses one, then forwards everything).</summary>
    public int CommitsLost => Volatile.Read(ref _fired);

    /// <summary>A proxy to the server <paramref name="connectionString"/> names.</summary>
    public static CommitLossProxy Start(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        return new CommitLossProxy(target.Host ?? "127.0.0.1", target.Port);
    }

    /// <summary><paramref name="connectionString"/> through this proxy, unencrypted so that the proxy can read it.</summary>
    public string Route(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Host = "127.0.0.1",
        Port = Port,
        SslMode = SslMode.Disable,
        GssEncryptionMode = GssEncryptionMode.Disable,
    }.ConnectionString;

    /// <summary>Loses the next COMMIT of the first connection that sends <paramref name="marker"/> (once per proxy).</summary>
    public void LoseNextCommit(string marker, CommitLoss loss)
    {
        if (_marker is not null)
        {
            throw new InvalidOperationException("This proxy loses one COMMIT; start another for another.");
        }

        _loss = loss;
        _marker = Encoding.UTF8.GetBytes(marker);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        foreach (var link in _links.Keys)
        {
            link.Reset();
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // disposed
            }

            _ = ForwardAsync(new Link(client, new Socket(SocketType.Stream, ProtocolType.Tcp)), _stopping.Token);
        }
    }

    private async Task ForwardAsync(Link link, CancellationToken cancellationToken)
    {
        _links[link] = 0;
        try
        {
            await link.Server.ConnectAsync(_targetHost, _targetPort, cancellationToken);
            await using var client = new NetworkStream(link.Client, ownsSocket: false);
            await using var server = new NetworkStream(link.Server, ownsSocket: false);
            // Before the startup message a client may ask for TLS (answered by one untyped byte): then pass bytes through.
            var typed = await ForwardStartupAsync(client, server, cancellationToken);
            await Task.WhenAny(
                typed ? PumpAsync(link, client, server, fromClient: true, cancellationToken) : client.CopyToAsync(server, cancellationToken),
                typed ? PumpAsync(link, server, client, fromClient: false, cancellationToken) : server.CopyToAsync(client, cancellationToken));
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Either end closed, or the proxy reset the connection: close both below.
        }
        finally
        {
            if (!link.Lost)
            {
                _links.TryRemove(link, out _);
                link.Reset();
            }
        }
    }

    private static async Task<bool> ForwardStartupAsync(NetworkStream client, NetworkStream server, CancellationToken cancellationToken)
    {
        var length = new byte[4];
        await client.ReadExactlyAsync(length, cancellationToken);
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(length) - 4];
        await client.ReadExactlyAsync(body, cancellationToken);
        await server.WriteAsync(length, cancellationToken);
        await server.WriteAsync(body, cancellationToken);
        return BinaryPrimitives.ReadInt32BigEndian(body) >> 16 == 3; // protocol 3.x: a StartupMessage, typed messages follow
    }

    /// <summary>Forwards typed messages one by one (type byte, length, body), losing the armed COMMIT.</summary>
    private async Task PumpAsync(Link link, NetworkStream from, NetworkStream to, bool fromClient, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        try
        {
            while (true)
            {
                await from.ReadExactlyAsync(header, cancellationToken);
                var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
                await from.ReadExactlyAsync(body, cancellationToken);
                if (fromClient && _marker is { } marker && Volatile.Read(ref _fired) == 0 && body.AsSpan().IndexOf(marker.AsSpan()) >= 0)
                {
                    link.Marked = true; // before the message is forwarded, so before the server can answer its COMMIT
                }

                // The client's simple query "COMMIT" (the request), or the server's CommandComplete of it (the reply).
                var commit = header[0] == (byte)(fromClient ? 'Q' : 'C') && body.AsSpan().SequenceEqual(CommitTag.AsSpan());
                var loss = fromClient ? CommitLoss.Request : CommitLoss.Reply;
                if (commit && link.Marked && _loss == loss && Interlocked.CompareExchange(ref _fired, 1, 0) == 0)
                {
                    link.Lost = true;
                    link.Client.Close(0);
                    return;
                }

                await to.WriteAsync(header, cancellationToken);
                await to.WriteAsync(body, cancellationToken);
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // The connection ended; ForwardAsync closes it.
        }
    }

    private static bool IsConnectionEnd(Exception e) =>
        e is IOException or SocketException or ObjectDisposedException or OperationCanceledException;

    /// <summary>One proxied connection.</summary>
    private sealed class Link(Socket client, Socket server)
    {
        public Socket Client => client;

        public Socket Server => server;

        public volatile bool Marked;

        /// <summary>Its COMMIT was lost: the server's side is left open (closed when the proxy is disposed).</summary>
        public volatile bool Lost;

        /// <summary>Close(0) resets (RST) rather than closing politely; closing twice is harmless.</summary>
        public void Reset()
        {
            client.Close(0);
            server.Close(0);
        }
    }
}
