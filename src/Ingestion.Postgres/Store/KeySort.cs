using System.Buffers;
using System.Runtime.InteropServices;
using Ingestion.Core.Rows;

namespace Ingestion.Postgres.Store;

/// <summary>
/// Sorts rows of one period by key, ordinally element by element (as <c>text[]</c> compares in the C locale), fast: each
/// key is abbreviated to 8 bytes that order as the keys do, the abbreviations are sorted as plain integers with the rows
/// alongside, and only rows whose abbreviations tie are compared in full. UNHCR's keys (two ISO3 codes) fit whole, so no
/// row of its tables is compared in full; through a comparer the same sort cost the first publish of its population
/// table ≈ 8 % of the client's CPU.
/// </summary>
internal static class KeySort
{
    public static void SortOnePeriod(List<HashedRow> rows)
    {
        var span = CollectionsMarshal.AsSpan(rows);
        var abbreviations = ArrayPool<ulong>.Shared.Rent(span.Length);
        try
        {
            var keys = abbreviations.AsSpan(0, span.Length);
            for (var i = 0; i < span.Length; i++)
            {
                keys[i] = Abbreviate(span[i].Row.Key);
            }

            keys.Sort(span);
            for (var start = 0; start < span.Length;)
            {
                var end = start + 1;
                while (end < span.Length && keys[end] == keys[start])
                {
                    end++;
                }

                if (end - start > 1)
                {
                    span[start..end].Sort(default(FullKeyOrder));
                }

                start = end;
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(abbreviations);
        }
    }

    /// <summary>
    /// The key's first 8 bytes as an ordered sequence: each character below U+007F as itself plus one, a zero after each
    /// element (so an element sorts before its own extensions and the next element's characters follow), and at the first
    /// character from U+007F up a 0xFF, after which nothing is taken. Keys that order one way have abbreviations that order
    /// the same way or tie.
    /// </summary>
    internal static ulong Abbreviate(string[] key)
    {
        ulong bits = 0;
        var taken = 0;
        foreach (var element in key)
        {
            foreach (var c in element)
            {
                if (taken == 8)
                {
                    return bits;
                }

                if (c >= 0x7F)
                {
                    return bits | 0xFFUL << (56 - 8 * taken);
                }

                bits |= (ulong)(c + 1) << (56 - 8 * taken++);
            }

            if (taken == 8)
            {
                return bits;
            }

            taken++; // the element's terminating zero
        }

        return bits;
    }

    /// <summary>Two keys as <c>text[]</c> compares them in the C locale: element by element, ordinally, then by length.</summary>
    public static int Compare(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var order = string.CompareOrdinal(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private readonly struct FullKeyOrder : IComparer<HashedRow>
    {
        public int Compare(HashedRow left, HashedRow right) => KeySort.Compare(left.Row.Key, right.Row.Key);
    }
}
