namespace Ingestion.Worker.Tests.TestPublisher;

/// <summary>Settings of the test publisher, bound from <c>Ingestion:Sources:CsvStats</c> as a real publisher's are.</summary>
public sealed class CsvStatsOptions
{
    public const string SectionName = "Ingestion:Sources:CsvStats";

    /// <summary>Absolute address of the folder the CSV files are published in.</summary>
    public string BaseAddress { get; set; } = "";
}
