using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Releases;
using Xunit;

namespace Ingestion.Sources.Tests.Unhcr;

/// <summary>
/// The row-count probe sent before the run begins (<see cref="IEarlyFirstRequest"/>, which <c>ingest</c> uses while
/// the database opens): the fetch of the same scope uses its answer instead of asking again; any other fetch drops it.
/// It is one attempt: a transient failure becomes the run's first retry, a permanent one the run's failure.
/// </summary>
public sealed class EarlyFirstRequestTests
{
    private static readonly YearScope Scope = YearScope.Between(2020, 2021);

    [Fact]
    public async Task FetchAsync_SameScope_UsesTheProbeSentBeforeIt()
    {
        var expected = CsvTable.Load(SharedData.File("unhcr-refugees-r", "2025.12.1", "population.csv")).Rows.Count(r => r[0] is "2020" or "2021");
        await using var api = await StartAsync();
        var probed = ProbeSeen(api);
        await using var services = TestSources.Create(api.BaseAddress);
        var source = services.Source(UnhcrDatasets.Population);

        ((IEarlyFirstRequest)source).SendFirstRequest(Scope);
        await probed.Task.WaitAsync(TestContext.Current.CancellationToken);
        Assert.Equal([1], api.Requests.Select(r => r.Limit)); // sent before any fetch began
        var context = new FetchContext(Scope, new InMemoryRawPageArchive(), new FetchStatistics());
        var rows = await source.FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(expected, rows.Count);
        Assert.Equal([1, 10000, 10000], api.Requests.Select(r => r.Limit).Order()); // the probe was not sent again
        Assert.Equal((2L, 2L, expected), (context.Statistics.ExpectedPages, context.Statistics.Pages, context.Statistics.Rows));
    }

    [Fact]
    public async Task FetchAsync_AnotherScope_DropsTheEarlyProbeAndProbesItsOwn()
    {
        await using var api = await StartAsync();
        var probed = ProbeSeen(api);
        await using var services = TestSources.Create(api.BaseAddress);
        var source = services.Source(UnhcrDatasets.Population);

        ((IEarlyFirstRequest)source).SendFirstRequest(YearScope.Between(2010, 2012));
        await probed.Task.WaitAsync(TestContext.Current.CancellationToken);
        var rows = await source.FetchAsync(new FetchContext(Scope, new InMemoryRawPageArchive(), new FetchStatistics()), TestContext.Current.CancellationToken)
            .CollectAsync();

        Assert.All(rows, r => Assert.InRange(r.Year, 2020, 2021));
        var probes = api.Requests.Where(r => r.Limit == 1).Select(r => r.Query[..r.Query.IndexOf("&limit", StringComparison.Ordinal)]).ToList();
        Assert.Equal(
            ["?coo_all=true&coa_all=true&yearFrom=2010&yearTo=2012", "?coo_all=true&coa_all=true&yearFrom=2020&yearTo=2021"],
            probes);
    }

    [Fact]
    public async Task FetchAsync_EarlyProbeRefusedTransiently_IsTheRunsFirstRetry()
    {
        await using var api = await StartAsync();
        api.Inject(FakeFault.Status(503), times: 2, when: r => r.Limit == 1);
        await using var services = TestSources.Create(api.BaseAddress);
        var source = services.Source(UnhcrDatasets.Population);
        var context = new FetchContext(Scope, new InMemoryRawPageArchive(), new FetchStatistics());

        ((IEarlyFirstRequest)source).SendFirstRequest(Scope);
        var rows = await source.FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync();

        Assert.Equal(2, api.FaultsServed);
        Assert.Equal(2L, context.Statistics.Retries);
        Assert.Equal(context.Statistics.Rows, rows.Count);
        // The early attempt refused; the run's own probe refused once, then answered.
        Assert.Equal(3, api.Requests.Count(r => r.Limit == 1));
    }

    [Fact]
    public async Task FetchAsync_EarlyProbeRefusedPermanently_FailsTheRunAsItsOwnProbeWould()
    {
        await using var api = await StartAsync();
        api.Inject(FakeFault.Status(404), when: r => r.Limit == 1);
        await using var services = TestSources.Create(api.BaseAddress);
        var source = services.Source(UnhcrDatasets.Population);
        var context = new FetchContext(Scope, new InMemoryRawPageArchive(), new FetchStatistics());

        ((IEarlyFirstRequest)source).SendFirstRequest(Scope);
        var error = await Assert.ThrowsAsync<SourceException>(() => source.FetchAsync(context, TestContext.Current.CancellationToken).CollectAsync());

        Assert.Contains("returned HTTP 404 Not Found; not retried", error.Message, StringComparison.Ordinal);
        Assert.Equal([1], api.Requests.Select(r => r.Limit));
        Assert.Equal(0L, context.Statistics.Retries);
    }

    [Fact]
    public async Task DisposeAsync_ProbeNeverTakenStillInFlight_CancelsIt()
    {
        await using var api = await StartAsync();
        var probed = ProbeSeen(api);
        api.Inject(FakeFault.Slow(TimeSpan.FromMinutes(10)), when: r => r.Limit == 1);
        var services = TestSources.Create(api.BaseAddress);
        ((IEarlyFirstRequest)services.Source(UnhcrDatasets.Population)).SendFirstRequest(Scope);
        await probed.Task.WaitAsync(TestContext.Current.CancellationToken);

        // Disposing the container disposes the source, which cancels the request it started (else this waits 10 minutes).
        await services.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal([1], api.Requests.Select(r => r.Limit));
    }

    private static async Task<FakeUnhcrApi> StartAsync()
    {
        var api = new FakeUnhcrApi();
        await api.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    private static TaskCompletionSource ProbeSeen(FakeUnhcrApi api)
    {
        var probed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.OnRequest = r =>
        {
            if (r.Limit == 1)
            {
                probed.TrySetResult();
            }
        };
        return probed;
    }
}
