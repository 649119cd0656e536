namespace Ingestion.Worker.Tests.TestPublisher;

/// <summary>
/// Two releases of the arrivals CSV. Release 2 revises one value (2024 AFG→PAK M arrivals 950 → 990), adds one row
/// (2024 SYR→TUR F) and drops one (2023 SYR→DEU M). Empty cells are "not available" and stay NULL.
/// </summary>
public static class ArrivalsReleases
{
    public const string First = """
        year,origin,asylum,sex,arrivals,returns,note
        2023,SYR,DEU,F,1200,30,
        2023,SYR,DEU,M,1500,,provisional
        2024,AFG,PAK,F,800,12,
        2024,AFG,PAK,M,950,15,estimate

        """;

    public const string Second = """
        year,origin,asylum,sex,arrivals,returns,note
        2023,SYR,DEU,F,1200,30,
        2024,AFG,PAK,F,800,12,
        2024,AFG,PAK,M,990,15,estimate
        2024,SYR,TUR,F,400,,

        """;

    /// <summary>Release 2 with <c>sex</c> renamed <c>gender</c>: the publisher changed its shape.</summary>
    public static string Drifted => Second.Replace("sex", "gender", StringComparison.Ordinal);
}
