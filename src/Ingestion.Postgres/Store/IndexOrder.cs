using System.Runtime.CompilerServices;
using Ingestion.Core.Rows;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Puts rows into the current-key index's order — (period, key…) ordinally, as a database in the C locale compares
/// them — before a first publish of a scope copies them into <c>ingestion.versions</c>, within windows of at most
/// <see cref="WindowSize"/> rows, so memory stays flat whatever the source yields.
/// </summary>
internal static class IndexOrder
{
    public const int WindowSize = 16_384;

    /// <summary>
    /// For the dataset's existing, indexed partition: publishers deliver rows in their own order (Eurostat in its
    /// structure's dimension order: citizen, sex, applicant, age, geo), while the current-key and country-pair indexes are
    /// ordered by the key (citizen, geo, sex, age, applicant): rows in index order land next to the previous insert, at
    /// the right edge of the index, instead of being searched for across it. Measured on 1.3 million Eurostat-shaped
    /// rows: 9.0 s against 15.5 s of server time for the same inserts.
    /// </summary>
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
            foreach (var sorted in Drain(window))
            {
                yield return sorted;
            }
        }

        window.Sort(Compare);
        foreach (var sorted in window)
        {
            yield return sorted;
        }
    }

    /// <summary>
    /// For a new partition, indexed after its load: each period's rows (a source yields them together; the validator
    /// insists) are sorted by key. A source that yields its periods in ascending order (UNHCR's pages are sorted by year)
    /// then loads the partition in exactly the current-key index's order, and PostgreSQL's sort, finding its input
    /// sorted already, builds that index in a quarter of the time (UNHCR's population table: 85–140 ms against
    /// 310–475 ms). A period of more than <see cref="WindowSize"/> rows goes in as it comes: sorted in windows it would
    /// cost the client a sort and save the server nothing, since only wholly sorted input spares PostgreSQL its sort.
    /// </summary>
    public static async IAsyncEnumerable<HashedRow> WithinPeriods(IAsyncEnumerable<HashedRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var window = new List<HashedRow>(WindowSize);
        int? period = null;
        var passing = false; // the period outgrew the window: its rows go as they come
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (row.Row.Period != period)
            {
                KeySort.SortOnePeriod(window);
                foreach (var sorted in Drain(window))
                {
                    yield return sorted;
                }

                (period, passing) = (row.Row.Period, false);
            }

            if (passing)
            {
                yield return row;
                continue;
            }

            window.Add(row);
            if (window.Count == WindowSize)
            {
                foreach (var unsorted in Drain(window))
                {
                    yield return unsorted;
                }

                passing = true;
            }
        }

        KeySort.SortOnePeriod(window);
        foreach (var sorted in window)
        {
            yield return sorted;
        }
    }

    private static int Compare(HashedRow left, HashedRow right) =>
        left.Row.Period != right.Row.Period ? left.Row.Period.CompareTo(right.Row.Period) : KeySort.Compare(left.Row.Key, right.Row.Key);

    /// <summary>The window's rows, in its order; it is empty once they are all taken.</summary>
    private static IEnumerable<HashedRow> Drain(List<HashedRow> window)
    {
        foreach (var row in window)
        {
            yield return row;
        }

        window.Clear();
    }
}
