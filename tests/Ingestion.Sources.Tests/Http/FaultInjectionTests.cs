using Ingestion.Sources.Unhcr;
using System.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;
using Xunit;

namespace Ingestion.Sources.Tests.Http;

/// <summary>Each fault the fake API can inject, with the outcome the source must show (unrwa: 296 rows, one page).</summary>
public sealed class FaultInjectionTests
{
    private const int UnrwaRows = 296;

    private static readonly Dictionary<string, string> Fast = new()
    {
        ["MaxRetryAttempts"] = "4",
        ["AttemptTimeout"] = "00:00:10",
        ["TotalTimeout"] = "00:00:30",
    };

    private sealed record Outcome(int Rows, FetchStatistics Statistics, TimeSpan Elapsed, Exception? Error, ListLoggerProvider Log);

    private static async Task<Outcome> FetchAsync(FakeUnhcrApi api, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var log = new ListLoggerProvider();
        await using var services = TestSources.Create(api.BaseAddress, overrides ?? Fast, log);
        var context = new FetchContext(YearScope.All, new InMemoryRawPageArchive(), new FetchStatistics());
        var rows = 0;
        var watch = Stopwatch.StartNew();
        try
        {
            await foreach (var unused in services.Source(UnhcrDatasets.Unrwa).FetchAsync(context, TestContext.Current.CancellationToken))
            {
                rows++;
            }
        }
        catch (SourceException e)
        {
            return new Outcome(rows, context.Statistics, watch.Elapsed, e, log);
        }

        return new Outcome(rows, context.Statistics, watch.Elapsed, null, log);
    }

    private static async Task<FakeUnhcrApi> StartAsync(FakeFault fault, int times = 1)
    {
        var api = new FakeUnhcrApi();
        api.Inject(fault, times);
        await api.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    private static void AssertRecovered(Outcome outcome, long retries)
    {
        Assert.Null(outcome.Error);
        Assert.Equal(UnrwaRows, outcome.Rows);
        Assert.Equal(retries, outcome.Statistics.Retries);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FetchAsync_TooManyRequestsWithRetryAfter_WaitsThatLongThenRecovers(bool asHttpDate)
    {
        await using var api = await StartAsync(asHttpDate
            ? FakeFault.TooManyRequestsUntil(TimeSpan.FromSeconds(2))
            : FakeFault.TooManyRequests(TimeSpan.FromSeconds(1)));

        var outcome = await FetchAsync(api);

        // The backoff alone would retry after ~10 ms; an HTTP-date has one-second resolution, hence >= 0.9 s.
        AssertRecovered(outcome, 1);
        Assert.True(outcome.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retry-After ignored, took {outcome.Elapsed}");
    }

    [Fact]
    public async Task FetchAsync_ServiceUnavailableBurst_RecoversAndLogsEachRetry()
    {
        await using var api = await StartAsync(FakeFault.Status(503), times: 3);

        var outcome = await FetchAsync(api);

        AssertRecovered(outcome, 3);
        var retries = outcome.Log.Records.Where(r => r.Message.StartsWith("Retrying ", StringComparison.Ordinal)).ToList();
        Assert.Equal([1, 2, 3], retries.Select(r => (int)r.Properties["Attempt"]!));
        Assert.All(retries, r => Assert.Equal("TransientResponseException: HTTP 503 Service Unavailable", r.Properties["Reason"]));
        Assert.All(retries, r => Assert.IsType<TimeSpan>(r.Properties["Delay"]));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task FetchAsync_TransientStatus_RetriedOnceAndRecovers(int status)
    {
        await using var api = await StartAsync(FakeFault.Status(status));

        AssertRecovered(await FetchAsync(api), 1);
        Assert.Equal(3, api.Requests.Count); // probe, its retry, page 1
    }

    [Fact]
    public async Task FetchAsync_FailuresOpenTheCircuit_FailsFastWithoutFurtherRequests()
    {
        await using var api = await StartAsync(FakeFault.Status(503), times: 100);

        var outcome = await FetchAsync(api, new Dictionary<string, string>(Fast)
        {
            ["CircuitBreakerMinimumThroughput"] = "2",
            ["CircuitBreakerFailureRatio"] = "0.5",
        });

        var error = Assert.IsType<SourceException>(outcome.Error);
        Assert.EndsWith("failed after retries: circuit breaker is open after repeated failures", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(2, outcome.Statistics.Retries);
    }

    [Theory]
    [InlineData(FakeFaultKind.Reset)]
    [InlineData(FakeFaultKind.Truncated)]
    [InlineData(FakeFaultKind.Html)]
    public async Task FetchAsync_BrokenResponseOnce_RetriedOnceAndRecovers(FakeFaultKind kind)
    {
        await using var api = await StartAsync(kind switch
        {
            FakeFaultKind.Reset => FakeFault.ResetConnection(),
            FakeFaultKind.Truncated => FakeFault.TruncatedJson(),
            _ => FakeFault.HtmlPage(),
        });

        AssertRecovered(await FetchAsync(api), 1);
    }

    [Theory]
    [InlineData(FakeFaultKind.Truncated)]
    [InlineData(FakeFaultKind.Html)]
    public async Task FetchAsync_DataPageBrokenOnce_FetchedAgainAndEveryRowArrivesOnce(FakeFaultKind kind)
    {
        // Data pages are proven whole by their parse, inside the request's retries (the probe by a JSON check).
        await using var api = new FakeUnhcrApi();
        api.Inject(kind == FakeFaultKind.Truncated ? FakeFault.TruncatedJson() : FakeFault.HtmlPage(), when: r => r is { Limit: 100, Page: 2 });
        await api.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await FetchAsync(api, new Dictionary<string, string>(Fast) { ["PageSize"] = "100" });

        AssertRecovered(outcome, 1);
        Assert.Equal((3L, 2), (outcome.Statistics.Pages, api.Requests.Count(r => r is { Limit: 100, Page: 2 })));
    }

    [Fact]
    public async Task FetchAsync_SlowResponsePastAttemptTimeout_RetriesWithoutWaitingForIt()
    {
        await using var api = await StartAsync(FakeFault.Slow(TimeSpan.FromSeconds(30)));

        var outcome = await FetchAsync(api, new Dictionary<string, string>(Fast) { ["AttemptTimeout"] = "00:00:01" });

        AssertRecovered(outcome, 1);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(15), $"waited for the slow response: {outcome.Elapsed}");
    }

    [Fact]
    public async Task FetchAsync_ServiceUnavailableBeyondRetries_FailsNamingUrlAndStatus()
    {
        await using var api = await StartAsync(FakeFault.Status(503), times: 100);

        var outcome = await FetchAsync(api);

        var error = Assert.IsType<SourceException>(outcome.Error);
        Assert.Equal(
            $"UNHCR unhcr.unrwa, page 1: GET {api.BaseAddress}unrwa/?coo_all=true&coa_all=true&limit=1&page=1 failed after retries: HTTP 503 Service Unavailable",
            error.Message);
        Assert.Equal(4, outcome.Statistics.Retries);
        Assert.Equal(5, api.Requests.Count);
    }

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(400, "Bad Request")]
    public async Task FetchAsync_PermanentClientError_FailsFastWithoutRetry(int status, string reason)
    {
        await using var api = await StartAsync(FakeFault.Status(status));

        var outcome = await FetchAsync(api);

        var error = Assert.IsType<SourceException>(outcome.Error);
        Assert.Equal($"GET {api.BaseAddress}unrwa/?coo_all=true&coa_all=true&limit=1&page=1 returned HTTP {status} {reason}; not retried.", error.Message);
        Assert.Equal(0, outcome.Statistics.Retries);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task FetchAsync_RenamedField_FailsWithSchemaDriftAndYieldsNothing()
    {
        await using var api = await StartAsync(FakeFault.RenameField("coa_iso", "coa_iso3"), times: int.MaxValue);

        var outcome = await FetchAsync(api);

        var drift = Assert.IsType<SchemaDriftException>(outcome.Error);
        Assert.Equal("Schema drift in unhcr.unrwa, page 1: missing field 'coa_iso', unknown field 'coa_iso3'.", drift.Message);
        Assert.Equal(0, outcome.Rows);
        Assert.Equal(0, outcome.Statistics.Retries);
    }

    [Fact]
    public async Task FetchAsync_FaultOnDataPageOnly_RecoversThatPage()
    {
        var api = new FakeUnhcrApi();
        await using var disposeApi = api;
        api.Inject(FakeFault.Status(502), times: 2, when: r => r.Page == 2);
        await api.StartAsync(TestContext.Current.CancellationToken);

        var outcome = await FetchAsync(api, new Dictionary<string, string>(Fast) { ["PageSize"] = "100" });

        AssertRecovered(outcome, 2);
        Assert.Equal(3, outcome.Statistics.Pages);
        Assert.Equal(2, api.FaultsServed);
    }
}
