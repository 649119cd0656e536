using Ingestion.Worker.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Worker.Hosting;

/// <summary>A built host and the database it uses; disposing stops an embedded server this process started.</summary>
public sealed class WorkerHostContext(IHost host, IngestionDatabase database) : IAsyncDisposable
{
    /// <summary>The web host; only the worker (<c>run</c>) builds one.</summary>
    public WebApplication App => host as WebApplication
        ?? throw new InvalidOperationException("Only the worker (run) builds the web host; one-shot verbs use the generic host.");

    public IServiceProvider Services => host.Services;

    public IngestionDatabase Database => database;

    public async ValueTask DisposeAsync()
    {
        await DisposeAsync(host);
        await database.DisposeAsync();
    }

    /// <summary>Disposes a host and the services it created (asynchronously where it can).</summary>
    internal static async ValueTask DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
