using Ingestion.Worker.Database;
using Microsoft.AspNetCore.Builder;

namespace Ingestion.Worker.Hosting;

/// <summary>A built host and the database it uses; disposing stops an embedded server this process started.</summary>
public sealed class WorkerHostContext(WebApplication app, IngestionDatabase database) : IAsyncDisposable
{
    public WebApplication App => app;

    public IServiceProvider Services => app.Services;

    public IngestionDatabase Database => database;

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }
}
