using System.Runtime.CompilerServices;
using Ingestion.Core.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// One Eurostat dataset. Reads the table of contents first: when its "last update of data" (with the structure date,
/// coverage and value count) is the release of the last published snapshot, the run ends unchanged having fetched
/// nothing else. Otherwise it requests one year at a time (at most <c>MaxConcurrency</c> in flight), splits a
/// request refused as too big, waits out queued ones, archives every gzip body and yields its rows in year order.
/// </summary>
internal sealed class EurostatDatasetSource(EurostatFlow flow, EurostatClient client, EurostatSourceOptions options) : IDatasetSource
{
    public DatasetDescriptor Dataset => flow.Dataset;

    public async IAsyncEnumerable<StatRow> FetchAsync(FetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entry = await client.TableOfContentsAsync(flow, context.Statistics, cancellationToken)
            ?? throw new SourceException($"Eurostat {Dataset.Name}: the table of contents does not list dataset {flow.Code}.");
        context.ReportRelease(entry.Release);
        if (entry.Release == context.KnownRelease)
        {
            context.MarkUnchanged();
            yield break;
        }

        var requests = Years(entry, context.Scope).Select(y => RequestUnit.Whole(flow.Year(y))).ToList();
        context.Statistics.ExpectedPages = requests.Count;
        var splitter = new RequestSplitter(flow, client, context.Statistics);
        var reader = new SdmxCsvReader(flow);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<Task<IReadOnlyList<DataReply.Data>>>();
        var next = 0;
        var page = 0;
        try
        {
            while (inFlight.Count > 0 || next < requests.Count)
            {
                while (inFlight.Count < options.MaxConcurrency && next < requests.Count)
                {
                    inFlight.Enqueue(splitter.FetchAsync(requests[next], next + 1, stop.Token));
                    next++;
                }

                foreach (var part in await inFlight.Dequeue())
                {
                    using (part.Body)
                    {
                        page++;
                        await context.Archive.ArchiveAsync(new RawPage(Dataset.Name, page, part.Uri.AbsoluteUri, part.Body.Content), cancellationToken);
                        using var parse = IngestionActivitySource.StartPage(IngestionSpanNames.Parse, Dataset.Name, page);
                        var rows = 0;
                        foreach (var row in reader.Read(part.Body.Content, page))
                        {
                            rows++;
                            yield return row;
                        }

                        context.Statistics.AddPage(rows);
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(inFlight.Cast<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var fetched in inFlight.Where(t => t.IsCompletedSuccessfully).SelectMany(t => t.Result))
            {
                fetched.Body.Dispose(); // bodies fetched ahead of an early stop go back to the pool
            }
        }
    }

    public async IAsyncEnumerable<StatRow> ParseArchivedAsync(IAsyncEnumerable<RawPage> pages, FetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(context);
        var reader = new SdmxCsvReader(flow);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            using var parse = IngestionActivitySource.StartPage(IngestionSpanNames.Parse, Dataset.Name, page.PageNumber);
            var rows = 0;
            foreach (var row in reader.Read(page.Content, page.PageNumber))
            {
                rows++;
                yield return row;
            }

            context.Statistics.AddPage(rows);
        }
    }

    /// <summary>The run's years that the dataset covers: a year outside its coverage would only answer "no results".</summary>
    private static IEnumerable<int> Years(TableOfContentsEntry entry, YearScope scope)
    {
        var (first, last) = entry.Years;
        var from = Math.Max(first, scope.From ?? first);
        var to = Math.Min(last, scope.To ?? last);
        return from > to ? [] : Enumerable.Range(from, to - from + 1);
    }
}
