using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.Sources.Tests;

/// <summary>Builds the real source registrations against a publisher's base address, with test-friendly (fast) settings.</summary>
internal static class TestSources
{
    public const string Section = "Ingestion:Sources:Unhcr:";

    public const string EurostatSection = "Ingestion:Sources:Eurostat:";

    public static ServiceProvider Create(Uri baseAddress, IReadOnlyDictionary<string, string>? overrides = null, ILoggerProvider? logger = null) =>
        Build(Section, baseAddress, overrides, logger);

    /// <summary>The Eurostat sources, polling queued extractions every millisecond.</summary>
    public static ServiceProvider CreateEurostat(Uri baseAddress, IReadOnlyDictionary<string, string>? overrides = null) =>
        Build(EurostatSection, baseAddress, new Dictionary<string, string>(overrides ?? new Dictionary<string, string>()) { ["AsyncPollInterval"] = "00:00:00.001" }, logger: null);

    private static ServiceProvider Build(string section, Uri baseAddress, IReadOnlyDictionary<string, string>? overrides, ILoggerProvider? logger)
    {
        var settings = new Dictionary<string, string?>
        {
            [section + "BaseAddress"] = baseAddress.AbsoluteUri,
            [section + "MinRequestInterval"] = "00:00:00",
            [section + "RetryBaseDelay"] = "00:00:00.010",
            [section + "AttemptTimeout"] = "00:00:30",
            [section + "TotalTimeout"] = "00:02:00",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[section + key] = value;
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
