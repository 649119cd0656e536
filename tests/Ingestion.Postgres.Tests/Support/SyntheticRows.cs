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

    /// <summary>The same grid shaped for any UNHCR pair dataset: its detail dimensions "-", every measure <paramref name="value"/>.</summary>
    public static List<StatRow> Grid(DatasetDescriptor dataset, int fromYear, int toYear, int pairs, long value = 100) =>
    [
        .. Grid(fromYear, toYear, pairs, value).Select(row => row with
        {
            Key = [.. row.Key, .. Enumerable.Repeat("-", dataset.Key.Count - row.Key.Length)],
            Measures = [.. Enumerable.Repeat<long?>(value, dataset.Measures.Count)],
        }),
    ];

    public static StatRow Row(int year, int pair, long? value) =>
        new(year, [$"C{pair:D2}", $"A{pair:D2}"], [value], [$"U{pair:D2}", $"Origin {pair}", $"V{pair:D2}", $"Asylum {pair}"]);
}
