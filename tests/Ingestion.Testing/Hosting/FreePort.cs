using System.Net;
using System.Net.Sockets;

namespace Ingestion.Testing.Hosting;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago (for Kestrel in a test host).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
