using System.Runtime.CompilerServices;
using Ingestion.Core.Rows;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Puts rows into the versions indexes' order — (period, key…) ordinally, as a database in the C locale compares
/// them — within windows of <see cref="WindowSize"/> rows, before a first publish of a scope copies them into the
/// dataset's existing, indexed partition of <c>ingestion.versions</c> (a new partition is indexed after its load, so its
/// rows go in as they come). Publishers deliver rows in their own order (Eurostat in its structure's dimension order:
/// citizen, sex, applicant, age, geo), while the current-key and country-pair indexes are ordered by the key
/// (citizen, geo, sex, age, applicant): rows in index order land next to the previous insert, at the right edge of the
/// index, instead of being searched for across it. Measured on 1.3 million Eurostat-shaped rows: 9.0 s against 15.5 s
/// of server time for the same inserts. Windows keep memory flat; a source that yields a period's rows together, grouped
/// by their first key value, comes out almost entirely in index order.
/// </summary>
internal static class IndexOrder
{
    public const int WindowSize = 16_384;

    public static async IAsyncEnumerable<HashedRow> WithinWindows(IAsyncEnumerable<HashedRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var window = new List<HashedRow>(WindowSize);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            window.Add(row);
            if (window.Count < WindowSize)
            {
                continue;
            }

            window.Sort(Compare);
            foreach (var sorted in window)
            {
                yield return sorted;
            }

            window.Clear();
        }

        window.Sort(Compare);
        foreach (var sorted in window)
        {
            yield return sorted;
        }
    }

    private static int Compare(HashedRow left, HashedRow right)
    {
        var order = left.Row.Period.CompareTo(right.Row.Period);
        var (a, b) = (left.Row.Key, right.Row.Key);
        for (var i = 0; order == 0 && i < Math.Min(a.Length, b.Length); i++)
        {
            order = string.CompareOrdinal(a[i], b[i]);
        }

        return order != 0 ? order : a.Length.CompareTo(b.Length);
    }
}
