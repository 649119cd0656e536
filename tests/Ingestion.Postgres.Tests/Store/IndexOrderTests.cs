using Ingestion.Core.Model;
using Ingestion.Core.Rows;
using Ingestion.Postgres.Store;

namespace Ingestion.Postgres.Tests.Store;

public sealed class IndexOrderTests
{
    [Fact]
    public async Task WithinPeriods_SortsEachPeriodByKey_AndPassesAPeriodLargerThanAWindowThroughAsItCame()
    {
        var ct = TestContext.Current.CancellationToken;
        var large = Descending(2001, IndexOrder.WindowSize + 5);
        List<HashedRow> delivered = [.. Descending(2003, 3), .. large, .. Descending(2002, 4)];

        var ordered = await IndexOrder.WithinPeriods(delivered.ToAsyncEnumerable(), ct).ToListAsync(ct);

        Assert.Equal(
            [.. Ascending(2003, 3), .. large.Select(Text), .. Ascending(2002, 4)],
            ordered.Select(Text));
    }

    [Fact]
    public async Task WithinWindows_SortsEachWindowByPeriodAndKey_WhateverThePeriods()
    {
        var ct = TestContext.Current.CancellationToken;
        List<HashedRow> delivered = [.. Descending(2001, IndexOrder.WindowSize - 1), .. Descending(2000, 3)];

        var ordered = await IndexOrder.WithinWindows(delivered.ToAsyncEnumerable(), ct).ToListAsync(ct);

        // The first window: 2000's first row and 2001's rows; the second: 2000's other two.
        Assert.Equal(
            [Ascending(2000, 3)[2], .. Ascending(2001, IndexOrder.WindowSize - 1), .. Ascending(2000, 2)],
            ordered.Select(Text));
    }

    private static List<HashedRow> Descending(int period, int count) =>
        [.. Enumerable.Range(0, count).Reverse().Select(i => new HashedRow(new StatRow(period, [$"K{i:D6}", "Z"], [i], []), (UInt128)i))];

    private static string[] Ascending(int period, int count) => [.. Enumerable.Range(0, count).Select(i => $"{period}/K{i:D6}/Z")];

    private static string Text(HashedRow row) => row.Row.KeyText;
}
