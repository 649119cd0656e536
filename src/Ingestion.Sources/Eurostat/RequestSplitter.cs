using Ingestion.Core.Ports;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// Fetches one request, halving it for as long as Eurostat refuses it as too big (413 <c>EXTRACTION_TOO_BIG</c>),
/// and returns its parts in order. The flow's structure (for the codes to split by) is read once, on the first split.
/// </summary>
internal sealed class RequestSplitter(EurostatFlow flow, EurostatClient client, FetchStatistics statistics)
{
    private readonly Lock _gate = new();
    private Task<DataStructure>? _structure;

    public async Task<IReadOnlyList<DataReply.Data>> FetchAsync(RequestUnit unit, int request, CancellationToken cancellationToken)
    {
        var parts = new List<DataReply.Data>();
        try
        {
            await FetchIntoAsync(unit, request, parts, cancellationToken);
            return parts;
        }
        catch
        {
            parts.ForEach(p => p.Body.Dispose());
            throw;
        }
    }

    private async Task FetchIntoAsync(RequestUnit unit, int request, List<DataReply.Data> parts, CancellationToken cancellationToken)
    {
        var key = unit.IsFiltered ? (await StructureAsync(cancellationToken)).Key(unit.Filter) : "";
        switch (await client.DataAsync(flow, client.Uris.Data(flow.Code, key, unit.Periods), request, statistics, cancellationToken))
        {
            case DataReply.Data data:
                parts.Add(data);
                break;
            case DataReply.TooBig tooBig:
                // Months are halved first; the structure (for codes) is read only once a single period is still too big.
                var halves = unit.Halve(unit.Periods.Count > 1 ? null : await StructureAsync(cancellationToken));
                if (halves is not var (first, second))
                {
                    throw new SourceException($"Eurostat {flow.Dataset.Name}: request {unit} is refused as too big and cannot be split further: {tooBig.Fault}");
                }

                await FetchIntoAsync(first, request, parts, cancellationToken);
                await FetchIntoAsync(second, request, parts, cancellationToken);
                break;
        }
    }

    private Task<DataStructure> StructureAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _structure ??= client.StructureAsync(flow, statistics, cancellationToken);
        }
    }
}
