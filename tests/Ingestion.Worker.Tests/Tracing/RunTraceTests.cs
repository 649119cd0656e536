using Ingestion.Sources.Unhcr;
using System.Diagnostics;
using Ingestion.Core.Diagnostics;
using Ingestion.Core.Model;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Quality;
using Ingestion.Core.Runs;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Worker.Tests.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ingestion.Worker.Tests.Tracing;

/// <summary>
/// The spans of one real run — the pipeline as the worker composes it, the fake UNHCR API over HTTP, a real
/// database — recorded by a tracer provider built here with the worker's sources and an in-memory exporter.
/// unhcr.idmc of the latest release has 934 rows (tests/Ingestion.Testing/FakeUnhcr): at 400 a page, 3 pages.
/// </summary>
public sealed class RunTraceTests(PostgresServerFixture server) : IAsyncLifetime
{
    private const string Dataset = "unhcr.idmc";

    /// <summary>The test's own span around the run: listeners are process-wide and tests run in parallel, so its trace id finds this run's spans.</summary>
    private static readonly ActivitySource TestSource = new("Ingestion.Worker.Tests.Tracing");

    private readonly FakeUnhcrApi _api = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task RunAsync_FirstPublish_RunSpanWithStageChildrenAndPageSpansUnderStage()
    {
        var (outcome, trace, root) = await TraceOneRunAsync();

        Assert.Equal(RunStatus.Published, outcome.Status);
        var run = Assert.Single(trace, a => a.OperationName == IngestionSpanNames.Run);
        Assert.Equal(root, run.ParentSpanId);
        Assert.Equal(Dataset, run.GetTagItem(IngestionTagNames.Dataset));
        Assert.Equal(outcome.RunId, run.GetTagItem(IngestionTagNames.RunId));
        Assert.Equal("manual", run.GetTagItem(IngestionTagNames.Trigger));
        Assert.Equal("all years", run.GetTagItem(IngestionTagNames.Scope));
        Assert.Equal("published", run.GetTagItem(IngestionTagNames.Outcome));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);

        var stages = ChildrenOf(run, trace).Where(a => a.Source.Name == IngestionActivitySource.Name).ToList();
        Assert.Equal(
            [IngestionSpanNames.Stage, IngestionSpanNames.Diff, IngestionSpanNames.Gate, IngestionSpanNames.Publish],
            stages.Select(a => a.OperationName));
        for (var i = 1; i < stages.Count; i++)
        {
            Assert.True(stages[i].StartTimeUtc >= stages[i - 1].StartTimeUtc + stages[i - 1].Duration, $"{stages[i].OperationName} overlaps the stage before it");
        }

        Assert.Equal("published", stages[3].GetTagItem(IngestionTagNames.Outcome));

        var pages = ChildrenOf(stages[0], trace).Where(a => a.Source.Name == IngestionActivitySource.Name).ToList();
        var fetches = pages.Where(a => a.OperationName == IngestionSpanNames.FetchPage).OrderBy(a => a.StartTimeUtc).ToList();
        var parses = pages.Where(a => a.OperationName == IngestionSpanNames.Parse).ToList();
        Assert.Equal(pages.Count, fetches.Count + parses.Count);
        Assert.Equal([1, 1, 2, 3], fetches.Select(a => (int)a.GetTagItem(IngestionTagNames.Page)!).Order());
        Assert.Contains("limit=1&", Url(fetches[0]), StringComparison.Ordinal); // the probe that learns the row count
        Assert.All(fetches.Skip(1), f => Assert.Contains($"limit=400&page={f.GetTagItem(IngestionTagNames.Page)}", Url(f), StringComparison.Ordinal));
        Assert.Equal([1, 2, 3], parses.Select(a => (int)a.GetTagItem(IngestionTagNames.Page)!).Order());

        Assert.All(stages.Concat(pages), span =>
        {
            Assert.Equal(Dataset, span.GetTagItem(IngestionTagNames.Dataset));
            Assert.Equal(outcome.RunId, span.GetTagItem(IngestionTagNames.RunId));
        });
    }

    [Fact]
    public async Task RunAsync_FirstPublish_HttpRequestsUnderFetchPagesAndSqlUnderTheRun()
    {
        var (_, trace, _) = await TraceOneRunAsync();

        var byId = trace.ToDictionary(a => a.SpanId);
        var requests = trace.Where(a => a.Source.Name == "System.Net.Http").ToList();
        Assert.Equal(4, requests.Count); // no fault injected: one attempt per page and one for the probe
        Assert.All(requests, request => Assert.Equal(IngestionSpanNames.FetchPage, byId[request.ParentSpanId].OperationName));
        Assert.All(requests, request => Assert.Equal(200, request.GetTagItem("http.response.status_code")));

        var commands = trace.Where(a => a.Source.Name == "Npgsql").ToList();
        // A first publish writes its versions while it stages (DirectPublish): the store's SQL runs under stage and publish.
        Assert.Contains(commands, c => byId.TryGetValue(c.ParentSpanId, out var parent) && parent.OperationName == IngestionSpanNames.Stage);
        Assert.Contains(commands, c => byId.TryGetValue(c.ParentSpanId, out var parent) && parent.OperationName == IngestionSpanNames.Publish);
    }

    private async Task<(RunOutcome Outcome, List<Activity> Trace, ActivitySpanId Root)> TraceOneRunAsync()
    {
        var connectionString = await server.MigratedAsync("tracing");
        await using var app = TestWorkerHost.Build(connectionString, new Dictionary<string, string?>
        {
            ["Ingestion:Sources:Unhcr:BaseAddress"] = _api.BaseAddress.ToString(),
            ["Ingestion:Sources:Unhcr:PageSize"] = "400",
            ["Ingestion:Sources:Unhcr:MinRequestInterval"] = "00:00:00",
            ["Ingestion:Scheduler:Clustered"] = "false",
        }, _ => { }, isWorker: false);
        var pipeline = app.Services.GetRequiredService<IngestionPipeline>();
        var exported = new List<Activity>();
        RunOutcome outcome;
        ActivityTraceId traceId;
        ActivitySpanId rootId;
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TestSource.Name, IngestionActivitySource.Name)
            .AddHttpClientInstrumentation()
            .AddNpgsql()
            .AddInMemoryExporter(exported)
            .Build())
        {
            using (var root = TestSource.StartActivity("test") ?? throw new InvalidOperationException("The test's tracer provider does not listen."))
            {
                traceId = root.TraceId;
                rootId = root.SpanId;
                outcome = await pipeline.RunAsync(
                    new RunRequest(UnhcrDatasets.Idmc, RunTrigger.Manual, YearScope.All), new QualityGateOptions(), dryRun: false,
                    TestContext.Current.CancellationToken);
            }

            tracing.ForceFlush();
        }

        return (outcome, [.. exported.Where(a => a.TraceId == traceId && a.SpanId != rootId)], rootId);
    }

    private static IEnumerable<Activity> ChildrenOf(Activity parent, List<Activity> trace) =>
        trace.Where(a => a.ParentSpanId == parent.SpanId).OrderBy(a => a.StartTimeUtc);

    private static string Url(Activity fetch) => (string)fetch.GetTagItem(IngestionTagNames.Url)!;
}
