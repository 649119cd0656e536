using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// Data answers rendered once per served release and request, kept as bytes (see <see cref="FakeEurostatApi.CacheBodies"/>).
/// Keyed by the release object itself, so serving a new release never answers from an old one's bodies.
/// </summary>
internal sealed class RenderedBodies
{
    private readonly ConditionalWeakTable<IEurostatFlow, ConcurrentDictionary<string, Lazy<Task<byte[]>>>> _byRelease = [];

    public Task<byte[]> GetAsync(IEurostatFlow flow, EurostatQuery query, bool compressed)
    {
        var bodies = _byRelease.GetValue(flow, _ => new ConcurrentDictionary<string, Lazy<Task<byte[]>>>(StringComparer.Ordinal));
        var request = $"{query.Key}|{query.StartPeriod}|{query.EndPeriod}|{compressed}";
        return bodies.GetOrAdd(request, _ => new Lazy<Task<byte[]>>(() => RenderAsync(flow, query, compressed))).Value;
    }

    private static async Task<byte[]> RenderAsync(IEurostatFlow flow, EurostatQuery query, bool compressed)
    {
        using var body = new MemoryStream();
        await SdmxCsv.WriteAsync(body, flow, query, compressed, rename: null, CancellationToken.None);
        return body.ToArray();
    }
}
