using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.Sources.Tests;

/// <summary>Builds the real UNHCR source registration against a base address, with test-friendly (fast) settings.</summary>
internal static class TestSources
{
    public const string Section = "Ingestion:Sources:Unhcr:";

    public static ServiceProvider Create(Uri baseAddress, IReadOnlyDictionary<string, string>? overrides = null, ILoggerProvider? logger = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [Section + "BaseAddress"] = baseAddress.AbsoluteUri,
            [Section + "MinRequestInterval"] = "00:00:00",
            [Section + "RetryBaseDelay"] = "00:00:00.010",
            [Section + "AttemptTimeout"] = "00:00:30",
            [Section + "TotalTimeout"] = "00:02:00",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[Section + key] = value;
        }

        var services = new ServiceCollection();
        if (logger is not null)
        {
            services.AddLogging(b => b.AddProvider(logger));
        }

        services.AddPublishers(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    public static IDatasetSource Source(this ServiceProvider services, DatasetDescriptor dataset) =>
        services.GetServices<IDatasetSource>().Single(s => s.Dataset == dataset);

    public static async Task<List<StatRow>> CollectAsync(this IAsyncEnumerable<StatRow> rows)
    {
        var list = new List<StatRow>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }
}
