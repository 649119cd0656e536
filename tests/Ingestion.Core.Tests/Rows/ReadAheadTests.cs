using System.Runtime.CompilerServices;
using Ingestion.Core.Rows;

namespace Ingestion.Core.Tests.Rows;

public sealed class ReadAheadTests
{
    [Fact]
    public async Task Of_ManyItemsSomeAfterAWait_YieldsEveryItemOnceInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var count = (3 * ReadAhead.BatchSize) + 7;

        var read = await ReadAhead.Of(Numbers(count, yieldEvery: 500), ct).ToListAsync(ct);

        Assert.Equal(Enumerable.Range(0, count), read);
    }

    [Fact]
    public async Task Of_SourceThatFails_YieldsWhatCameBeforeThenThrowsTheSourcesException()
    {
        var ct = TestContext.Current.CancellationToken;
        var read = new List<int>();

        var failure = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var item in ReadAhead.Of(FailingAfter(ReadAhead.BatchSize + 3), ct))
            {
                read.Add(item);
            }
        });

        Assert.Equal("page 2 is cut short", failure.Message);
        Assert.Equal(Enumerable.Range(0, ReadAhead.BatchSize + 3), read);
    }

    [Fact]
    public async Task Of_ConsumerStopsEarly_TheSourceIsStoppedAndDisposedBeforeTheEnumerationEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = new EndlessSource();

        await foreach (var item in ReadAhead.Of(source.Items(CancellationToken.None), ct))
        {
            if (item == 10)
            {
                break;
            }
        }

        Assert.True(source.Disposed);
    }

    private static async IAsyncEnumerable<int> Numbers(int count, int yieldEvery)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % yieldEvery == 0)
            {
                await Task.Yield(); // as a source waiting for its next page
            }

            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> FailingAfter(int count)
    {
        await foreach (var i in Numbers(count, yieldEvery: 100))
        {
            yield return i;
        }

        throw new InvalidDataException("page 2 is cut short");
    }

    private sealed class EndlessSource
    {
        public bool Disposed { get; private set; }

        public async IAsyncEnumerable<int> Items([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield();
                    yield return i;
                }
            }
            finally
            {
                Disposed = true;
            }
        }
    }
}
