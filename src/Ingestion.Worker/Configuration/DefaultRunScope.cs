using Ingestion.Core.Model;

namespace Ingestion.Worker.Configuration;

/// <summary>
/// The one rule for the years a run covers when none are given — a scheduled run, and <c>ingest</c> without
/// <c>--from/--to</c>: YearFrom to next year when YearFrom is configured (UNHCR may already publish figures dated
/// next year, and validation accepts up to next year), else the full history; reference data has no years.
/// </summary>
public static class DefaultRunScope
{
    public static YearScope For(DatasetDescriptor dataset, int? yearFrom, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(clock);
        return dataset.HasPeriod && yearFrom is { } from ? YearScope.Between(from, clock.GetUtcNow().Year + 1) : YearScope.All;
    }
}
