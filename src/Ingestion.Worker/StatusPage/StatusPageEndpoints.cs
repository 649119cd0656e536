using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Worker.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.StatusPage;

/// <summary>
/// The read-only status page for maintainers (DESIGN §5): <c>/</c>, <c>/datasets/{dataset}</c>, <c>/snapshots/{id}</c>,
/// GET only, server-rendered, reading through <see cref="ISnapshotStore"/>. Not mapped when <c>Ingestion:Host:StatusPage</c>
/// is false, so every path answers 404 as on any unknown route.
/// </summary>
public static class StatusPageEndpoints
{
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<EndpointOptions>>().Value.StatusPage)
        {
            return endpoints;
        }

        endpoints.MapGet("/", (ISnapshotStore store, DatasetCatalog catalog, IOptions<DatasetsOptions> options, TimeProvider clock, CancellationToken ct) =>
            OverviewPage.RenderAsync(store, catalog, options, clock, ct));
        endpoints.MapGet("/datasets/{dataset}", (string dataset, HttpRequest request, ISnapshotStore store, DatasetCatalog catalog,
            IOptions<DatasetsOptions> options, TimeProvider clock, CancellationToken ct) =>
            DatasetPage.RenderAsync(dataset, request, store, catalog, options, clock, ct));
        endpoints.MapGet("/snapshots/{id}", (string id, HttpRequest request, ISnapshotStore store, TimeProvider clock, CancellationToken ct) =>
            SnapshotPage.RenderAsync(id, request, store, clock, ct));
        return endpoints;
    }
}
