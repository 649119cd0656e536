using System.Globalization;

namespace Ingestion.Worker.Tests.Metrics;

/// <summary>The samples of a Prometheus text exposition, keyed by series as written (<c>name{label="value",…}</c>).</summary>
internal static class PrometheusText
{
    public static Dictionary<string, double> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => (Series: line[..line.LastIndexOf(' ')], Value: line[(line.LastIndexOf(' ') + 1)..]))
            .ToDictionary(sample => sample.Series, sample => double.Parse(sample.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
