using System.Runtime.CompilerServices;
using Ingestion.Core.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Validation;
using Ingestion.Sources.Http;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// One UNHCR dataset. Learns the row count with a <c>limit=1</c> probe (its <c>maxPages</c> is the count), then
/// fetches pages 1..n at <c>PageSize</c> with at most <c>MaxConcurrency</c> in flight, archives each raw page and
/// yields its rows in page order as they are parsed. Memory is bounded by the pages in flight, not by the page count.
/// A page the run archived already (a run resumed after a lost database connection) is read from the archive.
/// </summary>
internal sealed class UnhcrDatasetSource(UnhcrEndpoint endpoint, UnhcrPageClient client, UnhcrSourceOptions options) : IDatasetSource
{
    private readonly UnhcrRequestUris _uris = new(new Uri(options.BaseAddress));

    public DatasetDescriptor Dataset => endpoint.Dataset;

    public async IAsyncEnumerable<StatRow> FetchAsync(FetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parser = new UnhcrPageParser(endpoint);
        var announced = await AnnouncedRowCountAsync(parser, context, cancellationToken);
        var limit = options.PageSize;
        var pageCount = (int)((announced + limit - 1) / limit);
        context.Statistics.ExpectedPages = pageCount;
        var received = 0L;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<Task<PageBody>>();
        var nextPage = 1;
        try
        {
            for (var page = 1; page <= pageCount; page++)
            {
                while (inFlight.Count < options.MaxConcurrency && nextPage <= pageCount)
                {
                    inFlight.Enqueue(GetPageAsync(nextPage++, context, stop.Token));
                }

                using var body = await inFlight.Dequeue();
                var uri = PageUri(context.Scope, page);
                await context.Archive.ArchiveAsync(new RawPage(Dataset.Name, page, uri.AbsoluteUri, body.Content), cancellationToken);
                using var parse = IngestionActivitySource.StartPage(IngestionSpanNames.Parse, Dataset.Name, page);
                var cursor = parser.Open(body.Content, page);
                var rows = 0;
                while (cursor.TryRead(out var row))
                {
                    rows++;
                    yield return row;
                }

                CheckPage(cursor, page, pageCount);
                context.Statistics.AddPage(rows);
                received += rows;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(inFlight.Cast<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var fetched in inFlight.Where(t => t.IsCompletedSuccessfully))
            {
                fetched.Result.Dispose(); // pages fetched ahead of an early stop go back to the pool
            }
        }

        if (received != announced)
        {
            throw new ValidationException(Dataset.Name, "the pages held a different number of rows than the API announced",
                [$"announced {announced} rows, received {received} in {pageCount} pages"]);
        }
    }

    public async IAsyncEnumerable<StatRow> ParseArchivedAsync(IAsyncEnumerable<RawPage> pages, FetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(context);
        var parser = new UnhcrPageParser(endpoint);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            using var parse = IngestionActivitySource.StartPage(IngestionSpanNames.Parse, Dataset.Name, page.PageNumber);
            var cursor = parser.Open(page.Content, page.PageNumber);
            var rows = 0;
            while (cursor.TryRead(out var row))
            {
                rows++;
                yield return row;
            }

            context.Statistics.AddPage(rows);
        }
    }

    private async Task<long> AnnouncedRowCountAsync(UnhcrPageParser parser, FetchContext context, CancellationToken cancellationToken)
    {
        var uri = _uris.Page(endpoint, context.Scope, 1, 1);
        using var body = await client.GetAsync(Dataset.Name, 1, uri, context.Statistics, cancellationToken);
        return parser.Parse(body.Content, 1).MaxPages;
    }

    /// <summary>The page from this run's archive when an earlier attempt (before a lost database connection) stored it, else over HTTP.</summary>
    private async Task<PageBody> GetPageAsync(int page, FetchContext context, CancellationToken cancellationToken)
    {
        var uri = PageUri(context.Scope, page);
        if (await context.Archive.FindAsync(page, uri.AbsoluteUri, cancellationToken) is { } archived)
        {
            return PageBody.Wrap(archived.Content.ToArray());
        }

        return await client.GetAsync(Dataset.Name, page, uri, context.Statistics, cancellationToken);
    }

    private Uri PageUri(YearScope scope, int page) => _uris.Page(endpoint, scope, options.PageSize, page);

    private void CheckPage(UnhcrPageCursor parsed, int page, int pageCount)
    {
        if (parsed.Page != page || parsed.MaxPages != pageCount)
        {
            throw new SourceException(
                $"UNHCR {Dataset.Name}, page {page}: the API answered page {parsed.Page} of {parsed.MaxPages}, expected page {page} of {pageCount} (did the data change during the fetch?).");
        }
    }
}
