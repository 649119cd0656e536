using Ingestion.Core.Model;
using Ingestion.Core.Rows;
using Ingestion.Postgres.Store;

namespace Ingestion.Postgres.Tests.Store;

public sealed class KeySortTests
{
    // Characters either side of every boundary the abbreviation draws: NUL, ASCII, U+007E/U+007F, Latin-1 and beyond.
    private const string Alphabet = "\0ABZa~\u007f\u00e9\u4e2d";

    [Fact]
    public void SortOnePeriod_KeysOfEveryShape_SortsAsTheirElementsCompareOrdinally()
    {
        var random = new Random(20261206);
        var keys = Enumerable.Range(0, 4000).Select(_ => RandomKey(random)).ToList();
        keys.AddRange(keys.Take(300)); // ties in full, not only in abbreviation
        keys.AddRange([["AFG", "PAK"], ["AFG", "PAKISTAN"], ["AFGHANISTAN"], ["AFG"], ["AFG", ""], []]);
        var rows = keys.Select((key, i) => new HashedRow(new StatRow(2021, key, [i], []), (UInt128)i)).ToList();

        KeySort.SortOnePeriod(rows);

        var expected = keys.Order(Comparer<string[]>.Create(Ordinal)).Select(Text).ToList();
        Assert.Equal(expected, rows.Select(r => Text(r.Row.Key)));
    }

    [Fact]
    public void Abbreviate_KeysInOrder_HaveAbbreviationsInOrderOrTied()
    {
        var random = new Random(7);
        var keys = Enumerable.Range(0, 400).Select(_ => RandomKey(random)).ToList();

        var disordered = from a in keys
                         from b in keys
                         where Ordinal(a, b) < 0 && KeySort.Abbreviate(a) > KeySort.Abbreviate(b)
                         select $"{Text(a)} < {Text(b)}";

        Assert.Empty(disordered.ToList());
        Assert.Equal(0x4247_4800_5142_4C00UL, KeySort.Abbreviate(["AFG", "PAK"])); // both ISO3 codes, whole: no tie possible
    }

    private static string[] RandomKey(Random random) =>
        [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => new string([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]))];

    private static int Ordinal(string[] a, string[] b)
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

    private static string Text(string[] key) => string.Join("|", key.Select(e => string.Concat(e.Select(c => $"{(int)c:X}."))));
}
