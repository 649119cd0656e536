using Ingestion.Core.Model;

namespace Ingestion.Postgres.Tests.Support;

/// <summary>Small hand-made rows for datasets with one measure (unhcr.idmc, unhcr.unrwa): origin Cnn → asylum Ann.</summary>
internal static class SyntheticRows
{
    public static List<StatRow> Grid(int fromYear, int toYear, int pairs, long value = 100) =>
    [
        .. from year in Enumerable.Range(fromYear, toYear - fromYear + 1)
           from pair in Enumerable.Range(0, pairs)
           select Row(year, pair, value),
    ];

    public static StatRow Row(int year, int pair, long? value) =>
        new(year, [$"C{pair:D2}", $"A{pair:D2}"], [value], [$"U{pair:D2}", $"Origin {pair}", $"V{pair:D2}", $"Asylum {pair}"]);
}
