using System.Text.Json;
using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.Deploy;

/// <summary>
/// deploy/grafana/ingestion.json: importable (its datasource is the <c>DS_PROMETHEUS</c> input), and every
/// metric its queries name is in <c>/metrics</c> of a worker that has not run anything yet — a renamed metric
/// breaks this test, not a dashboard in production.
/// </summary>
public sealed class GrafanaDashboardTests(PostgresServerFixture server)
{
    private const string DashboardFile = "deploy/grafana/ingestion.json";

    [Fact]
    public async Task Dashboard_EveryQueriedMetric_IsInAFreshWorkersMetrics()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(DeploymentFiles.Path(DashboardFile), TestContext.Current.CancellationToken));
        var queries = Strings(dashboard.RootElement, "expr").Concat(VariableQueries(dashboard.RootElement)).ToList();
        var queried = queries.SelectMany(PromQlMetricNames.In).ToHashSet(StringComparer.Ordinal);

        var exported = await FreshWorkerMetrics.SampleNamesAsync(server, "dashboard");

        Assert.True(queries.Count >= 10, $"only {queries.Count} queries found in {DashboardFile}");
        Assert.Empty(queried.Where(name => !exported.Contains(name)).Order(StringComparer.Ordinal));
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "ingestion_seconds_since_last_publish", "ingestion_last_publish_timestamp_seconds", "ingestion_runs_total",
                "ingestion_run_duration_seconds_bucket", "ingestion_run_duration_seconds_sum", "ingestion_run_duration_seconds_count",
                "ingestion_http_retries_total", "ingestion_rows_read_total", "ingestion_build_info",
            },
            queried);
    }

    [Fact]
    public async Task Dashboard_Datasources_AreTheImportInput()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(DeploymentFiles.Path(DashboardFile), TestContext.Current.CancellationToken));
        var root = dashboard.RootElement;

        var input = Assert.Single(root.GetProperty("__inputs").EnumerateArray());
        Assert.Equal("DS_PROMETHEUS", input.GetProperty("name").GetString());
        Assert.Equal("prometheus", input.GetProperty("pluginId").GetString());
        var datasources = Objects(root, "datasource").ToList();
        Assert.True(datasources.Count >= 10, $"only {datasources.Count} datasource references");
        Assert.All(datasources, d => Assert.Equal("${DS_PROMETHEUS}", d.GetProperty("uid").GetString()));
    }

    [Theory]
    [InlineData("sum by (dataset) (increase(ingestion_runs_total{status=~\"failed|x\"}[1h]))", "ingestion_runs_total")]
    [InlineData("histogram_quantile(0.95, sum by (dataset, le) (rate(a_bucket{dataset=~\"$dataset\"}[$__rate_interval])))", "a_bucket")]
    [InlineData("a_sum / on (dataset) group_left b_count offset 1d > bool 0", "a_sum b_count")]
    public void PromQlMetricNames_Expression_FindsExactlyTheMetrics(string expression, string expected)
    {
        Assert.Equal(
            expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal),
            PromQlMetricNames.In(expression).Order(StringComparer.Ordinal));
    }

    /// <summary>The metric names of a variable's <c>label_values(metric, label)</c> query.</summary>
    private static IEnumerable<string> VariableQueries(JsonElement root) =>
        root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Select(v => v.GetProperty("definition").GetString() ?? "")
            .Select(q => q.StartsWith("label_values(", StringComparison.Ordinal) ? q["label_values(".Length..].Split(',')[0] : q);

    private static IEnumerable<string> Strings(JsonElement element, string property) =>
        Properties(element, property).Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!);

    private static IEnumerable<JsonElement> Objects(JsonElement element, string property) =>
        Properties(element, property).Where(p => p.ValueKind == JsonValueKind.Object);

    private static IEnumerable<JsonElement> Properties(JsonElement element, string property) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject()
            .SelectMany(p => (p.NameEquals(property) ? [p.Value] : Enumerable.Empty<JsonElement>()).Concat(Properties(p.Value, property))),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Properties(e, property)),
        _ => [],
    };
}
