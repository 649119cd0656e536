using System.Runtime.CompilerServices;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;

namespace Ingestion.Worker.Tests.TestPublisher;

/// <summary>
/// Reads <c>{BaseAddress}arrivals.csv</c> in one request: the whole file is the run's only page, archived raw before
/// any row is yielded so the run can be reprocessed offline, as the contract of <see cref="IDatasetSource"/> asks.
/// </summary>
public sealed class CsvStatsSource(IHttpClientFactory httpClients, CsvStatsOptions options) : IDatasetSource
{
    public DatasetDescriptor Dataset => CsvStatsDatasets.Arrivals;

    public async IAsyncEnumerable<StatRow> FetchAsync(FetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Statistics.ExpectedPages = 1;
        var uri = new Uri(new Uri(options.BaseAddress), "arrivals.csv");
        using var client = httpClients.CreateClient(CsvStatsPublisher.HttpClientName);
        var body = await client.GetByteArrayAsync(uri, cancellationToken);
        await context.Archive.ArchiveAsync(new RawPage(Dataset.Name, 1, uri.AbsoluteUri, body), cancellationToken);
        foreach (var row in Rows(body, 1, context))
        {
            yield return row;
        }
    }

    public async IAsyncEnumerable<StatRow> ParseArchivedAsync(IAsyncEnumerable<RawPage> pages, FetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(context);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var row in Rows(page.Content, page.PageNumber, context))
            {
                yield return row;
            }
        }
    }

    private static List<StatRow> Rows(ReadOnlyMemory<byte> body, int page, FetchContext context)
    {
        var rows = ArrivalsCsv.Parse(body, page).ToList();
        context.Statistics.AddPage(rows.Count);
        return rows;
    }
}
