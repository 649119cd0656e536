using Ingestion.Sources;
using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>In-memory configuration for a <see cref="TestWorkerHost"/>.</summary>
internal static class WorkerSettings
{
    /// <summary>Every dataset disabled but <paramref name="dataset"/>, which runs on <paramref name="cron"/>.</summary>
    public static Dictionary<string, string?> OnlyDataset(string dataset, string cron, bool clustered)
    {
        var settings = Publishers.Catalog.All.ToDictionary(d => $"Ingestion:Datasets:{d.Name}:Enabled", d => (string?)(d.Name == dataset ? "true" : "false"));
        settings[$"Ingestion:Datasets:{dataset}:Schedule"] = cron;
        settings["Ingestion:Scheduler:Clustered"] = clustered ? "true" : "false";
        settings["Ingestion:Scheduler:ClusterCheckinInterval"] = "00:00:01";
        return settings;
    }

    /// <summary>The default daily schedules, in-memory scheduler.</summary>
    public static Dictionary<string, string?> InMemory() => new() { ["Ingestion:Scheduler:Clustered"] = "false" };
}
