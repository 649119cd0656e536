using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.Testing.Hosting;

/// <summary>
/// A small Kestrel app for the test fakes (publishers' APIs, collectors): routes mapped by the caller, quiet, bound to
/// loopback on a free port unless told otherwise. Its address is the one Kestrel actually bound.
/// </summary>
public sealed class LoopbackWebApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The root the app listens on, e.g. <c>http://127.0.0.1:50123/</c>.</summary>
    public Uri Address { get; }

    public static async Task<LoopbackWebApp> StartAsync(
        Action<WebApplication> mapRoutes, CancellationToken cancellationToken, string listenAddress = "127.0.0.1", int port = 0)
    {
        ArgumentNullException.ThrowIfNull(mapRoutes);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{listenAddress}:{port}");
        var app = builder.Build();
        mapRoutes(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackWebApp(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
