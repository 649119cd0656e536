using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.Deploy;

/// <summary>deploy/prometheus/alerts.yml asks only for metrics a fresh worker already exports (and Prometheus's own <c>up</c>).</summary>
public sealed class AlertRulesTests(PostgresServerFixture server)
{
    private const string RulesFile = "deploy/prometheus/alerts.yml";

    [Fact]
    public async Task AlertRules_EveryQueriedMetric_IsInAFreshWorkersMetrics()
    {
        var expressions = Expressions(await File.ReadAllLinesAsync(DeploymentFiles.Path(RulesFile), TestContext.Current.CancellationToken));
        var queried = expressions.SelectMany(PromQlMetricNames.In).ToHashSet(StringComparer.Ordinal);

        var exported = await FreshWorkerMetrics.SampleNamesAsync(server, "alerts");

        Assert.Equal(6, expressions.Count);
        Assert.Contains("ingestion_dataset_enabled", queried);
        Assert.Empty(queried.Where(name => name != "up" && !exported.Contains(name)).Order(StringComparer.Ordinal));
    }

    /// <summary>Each rule's <c>expr:</c>, inline or a <c>|</c> block (the lines indented below it).</summary>
    private static List<string> Expressions(string[] lines)
    {
        var expressions = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("expr:", StringComparison.Ordinal))
            {
                continue;
            }

            var inline = trimmed["expr:".Length..].Trim();
            if (inline != "|")
            {
                expressions.Add(inline);
                continue;
            }

            var indent = lines[i].Length - trimmed.Length;
            var block = lines.Skip(i + 1).TakeWhile(l => l.Length - l.TrimStart().Length > indent && l.Trim().Length > 0);
            expressions.Add(string.Join('\n', block));
        }

        return expressions;
    }
}
