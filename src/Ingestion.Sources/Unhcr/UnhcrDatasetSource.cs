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
/// While every page received is the page of that number the current snapshot's run archived (same request URI, same
/// SHA-256: <see cref="FetchContext.KnownPages"/>), and that run had as many pages, nothing is parsed: identical bytes
/// through the same parser give identical rows, so the diff would be empty by construction (as Eurostat's release
/// check; re-normalizing with a new build is what <c>ingestion reprocess</c> is for). If every page matches, the fetch
/// is marked unchanged and yields nothing; at the first page that differs, the skipped pages are read back from this
/// run's archive and their rows yielded first, then the fetch streams on as usual. A fetch ended unchanged counts
/// every page and, as rows read, the rows the known run read from the same bytes (true by construction, and checked
/// against the count the probe announced, as every fetch's rows are).
/// </summary>
internal sealed class UnhcrDatasetSource(UnhcrEndpoint endpoint, UnhcrPageClient client, UnhcrSourceOptions options)
    : IDatasetSource, IEarlyFirstRequest, IAsyncDisposable, IDisposable
{
    private readonly UnhcrRequestUris _uris = new(new Uri(options.BaseAddress));
    private EarlyProbe? _early;

    public DatasetDescriptor Dataset => endpoint.Dataset;

    public async IAsyncEnumerable<StatRow> FetchAsync(FetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parser = new UnhcrPageParser(endpoint);
        var announced = await AnnouncedRowCountAsync(parser, context, cancellationToken);
        var limit = options.PageSize;
        var pageCount = (int)((announced + limit - 1) / limit);
        context.Statistics.ExpectedPages = pageCount;
        var receivedRows = 0L;

        // Pages 1..skipped are the current snapshot's and were not parsed; all of them while skipping holds.
        var skipping = pageCount > 0 && context.KnownPages.Count == pageCount;
        var skipped = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<Task<ReceivedPage>>();
        var nextPage = 1;
        try
        {
            for (var page = 1; page <= pageCount; page++)
            {
                while (inFlight.Count < options.MaxConcurrency && nextPage <= pageCount)
                {
                    inFlight.Enqueue(GetPageAsync(nextPage++, context, stop.Token));
                }

                using var received = await inFlight.Dequeue();
                var raw = received.Raw;
                // A new page is compressed and stored while its rows are parsed (the archive's work continues on another
                // thread after its first database round trip): on the fetch path, compressing is the largest cost after
                // the network. The page is stored before the next one is taken, and always before its buffer goes back
                // to the pool.
                var archiving = context.Archive.ArchiveAsync(raw, cancellationToken);
                try
                {
                    if (skipping && context.MatchesKnownPage(raw))
                    {
                        await archiving;
                        skipped++;
                        context.Statistics.AddPage(0); // its rows are counted once known: read back below, or the known run's
                        continue;
                    }

                    if (skipping)
                    {
                        // The first page that differs: the skipped pages' rows come first, in page order.
                        skipping = false;
                        await foreach (var row in ReadBackAsync(parser, skipped, pageCount, context, rows => receivedRows += rows, cancellationToken))
                        {
                            yield return row;
                        }
                    }

                    foreach (var row in ReadPage(parser, raw.Content, page, pageCount, rows => { context.Statistics.AddPage(rows); receivedRows += rows; }))
                    {
                        yield return row;
                    }

                    await archiving;
                }
                finally
                {
                    // Reached with the page stored, or on the way out of a failed or abandoned fetch: then the failure
                    // that ended it is the one to report, and the archive only has to let go of the buffer first.
                    await archiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
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

        if (skipping)
        {
            // Every page is the current snapshot's: its rows are the ones that run read from these very bytes with this
            // parser (it published, so it checked them against its announced count); checked against this probe's below.
            receivedRows = context.KnownPages.Rows;
            context.Statistics.AddRows(receivedRows);
        }

        if (receivedRows != announced)
        {
            throw new ValidationException(Dataset.Name, "the pages held a different number of rows than the API announced",
                [$"announced {announced} rows, received {receivedRows} in {pageCount} pages"]);
        }

        if (skipping)
        {
            context.MarkUnchanged();
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

    /// <summary>The <c>limit=1</c> probe, sent now; the next fetch of <paramref name="scope"/> reads its answer.</summary>
    public void SendFirstRequest(YearScope scope)
    {
        var probe = new EarlyProbe(scope, token => client.GetOnceAsync(Dataset.Name, 1, ProbeUri(scope), token));
        if (Interlocked.Exchange(ref _early, probe) is { } replaced)
        {
            replaced.Dispose(); // a second early probe makes the first one's answer moot
        }
    }

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _early, null)?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => Interlocked.Exchange(ref _early, null)?.Dispose();

    private async Task<long> AnnouncedRowCountAsync(UnhcrPageParser parser, FetchContext context, CancellationToken cancellationToken)
    {
        await using var early = Interlocked.Exchange(ref _early, null);
        var uri = ProbeUri(context.Scope);
        using var body = early?.Scope == context.Scope
            ? await client.TakeEarlyAsync(early.Take(), Dataset.Name, 1, uri, context.Statistics, cancellationToken)
            : await client.GetAsync(Dataset.Name, 1, uri, context.Statistics, cancellationToken);
        return parser.Parse(body.Content, 1).MaxPages;
    }

    private Uri ProbeUri(YearScope scope) => _uris.Page(endpoint, scope, 1, 1);

    /// <summary>
    /// The page from this run's archive when an earlier attempt (before a lost database connection) stored it, else over
    /// HTTP, checked to be whole JSON unless its bytes are a known page's (<see cref="Receive"/>).
    /// </summary>
    private async Task<ReceivedPage> GetPageAsync(int page, FetchContext context, CancellationToken cancellationToken)
    {
        var uri = PageUri(context.Scope, page);
        if (await context.Archive.FindAsync(page, uri.AbsoluteUri, cancellationToken) is { } archived)
        {
            var copy = archived.Content.ToArray();
            return new ReceivedPage(PageBody.Wrap(copy), new RawPage(Dataset.Name, page, uri.AbsoluteUri, copy));
        }

        return await client.GetAsync(Dataset.Name, page, uri, context.Statistics, body => Receive(body, page, uri, context), cancellationToken);
    }

    /// <summary>
    /// Runs inside the request's retries, so a body that is not whole JSON (cut short, or an error page served with 200)
    /// is fetched again. The bytes of a known page were parsed by the run that published them: they need no check, and
    /// are not parsed at all while every page so far is known.
    /// </summary>
    private ReceivedPage Receive(PageBody body, int page, Uri uri, FetchContext context)
    {
        var raw = new RawPage(Dataset.Name, page, uri.AbsoluteUri, body.Content);
        if (!context.KnownPages.Contains(raw) && JsonBody.Problem(body.Content.Span) is { } problem)
        {
            throw new MalformedBodyException($"UNHCR {Dataset.Name}, page {page}: the body is {problem}.", problem);
        }

        return new ReceivedPage(body, raw);
    }

    /// <summary>
    /// The rows of pages 1..<paramref name="pages"/>, which this fetch archived without parsing, read back from the
    /// run's archive one at a time (memory stays bounded by the pages in flight). They were counted as pages already.
    /// </summary>
    private async IAsyncEnumerable<StatRow> ReadBackAsync(
        UnhcrPageParser parser, int pages, int pageCount, FetchContext context, Action<long> received, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; page <= pages; page++)
        {
            var archived = await context.Archive.FindAsync(page, PageUri(context.Scope, page).AbsoluteUri, cancellationToken)
                ?? throw new InvalidOperationException($"UNHCR {Dataset.Name}, page {page}: archived by this run, yet the archive cannot read it back.");
            foreach (var row in ReadPage(parser, archived.Content, page, pageCount, rows => { context.Statistics.AddRows(rows); received(rows); }))
            {
                yield return row;
            }
        }
    }

    /// <summary>One page's rows as they are parsed; then its page number and page count are checked and its rows counted.</summary>
    private IEnumerable<StatRow> ReadPage(UnhcrPageParser parser, ReadOnlyMemory<byte> content, int page, int pageCount, Action<long> counted)
    {
        using var parse = IngestionActivitySource.StartPage(IngestionSpanNames.Parse, Dataset.Name, page);
        var cursor = parser.Open(content, page);
        var rows = 0;
        while (cursor.TryRead(out var row))
        {
            rows++;
            yield return row;
        }

        CheckPage(cursor.Page, cursor.MaxPages, page, pageCount);
        counted(rows);
    }

    private Uri PageUri(YearScope scope, int page) => _uris.Page(endpoint, scope, options.PageSize, page);

    private void CheckPage(int answeredPage, int answeredMaxPages, int page, int pageCount)
    {
        if (answeredPage != page || answeredMaxPages != pageCount)
        {
            throw new SourceException(
                $"UNHCR {Dataset.Name}, page {page}: the API answered page {answeredPage} of {answeredMaxPages}, expected page {page} of {pageCount} (did the data change during the fetch?).");
        }
    }

    /// <summary>A page as fetched: its body (returned to the pool on dispose) and its raw form, hashed once.</summary>
    private sealed record ReceivedPage(PageBody Body, RawPage Raw) : IDisposable
    {
        public void Dispose() => Body.Dispose();
    }
}
