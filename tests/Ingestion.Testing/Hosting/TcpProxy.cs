using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Ingestion.Testing.Hosting;

/// <summary>
/// Forwards 127.0.0.1:<see cref="Port"/> to a server, so a test can make that server "go away" for the code under
/// test (<see cref="Cut"/>: stop listening and reset every open connection) and come back (<see cref="Restore"/>:
/// listen again on the same port).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Guid, (Socket Client, Socket Upstream)> _connections = new();
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _accepting;

    private TcpProxy(string targetHost, int targetPort, int port)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Port = port;
    }

    public int Port { get; }

    public static TcpProxy Start(string targetHost, int targetPort)
    {
        var proxy = new TcpProxy(targetHost, targetPort, FreePort.Next());
        proxy.Restore();
        return proxy;
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _accepting = new CancellationTokenSource();
            _ = AcceptAsync(listener, _accepting.Token);
        }
    }

    /// <summary>Refuses new connections and resets every open one.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _accepting?.Cancel();
            _accepting?.Dispose();
            _accepting = null;
            _listener?.Stop();
            _listener = null;
            foreach (var (key, pair) in _connections)
            {
                // Close(0) resets (RST) rather than closing politely; closing a socket twice is harmless.
                pair.Client.Close(0);
                pair.Upstream.Close(0);
                _connections.TryRemove(key, out _);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // cut
            }

            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid();
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _connections[key] = (client, upstream);
        try
        {
            await upstream.ConnectAsync(_targetHost, _targetPort, cancellationToken);
            await using var clientStream = new NetworkStream(client, ownsSocket: false);
            await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            await Task.WhenAny(
                clientStream.CopyToAsync(upstreamStream, cancellationToken),
                upstreamStream.CopyToAsync(clientStream, cancellationToken));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection ended, either end closed it or the proxy was cut: close both sides below.
        }
        finally
        {
            _connections.TryRemove(key, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }
}
