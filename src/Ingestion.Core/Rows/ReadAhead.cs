using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Ingestion.Core.Rows;

/// <summary>
/// Pulls a run's rows on a task of its own into a small bounded queue of batches, so the stages on either side run
/// side by side instead of taking turns: a run has two such seams, between the source (fetch, gunzip, parse) and
/// validation with hashing (<see cref="Publishing.StagedRun"/>), and between those and the store's write (binary
/// COPY, which waits whenever the server is behind). Memory: at most <see cref="Capacity"/> batches of
/// <see cref="BatchSize"/> rows ahead; a batch goes early when the source is about to wait (a page still downloading),
/// so rows never sit in the producer while the database idles. The producer's exception reaches the consumer, unchanged, after the rows
/// produced before it; a consumer that stops early cancels the producer and waits for it to clean up.
/// </summary>
public static class ReadAhead
{
    public const int BatchSize = 1024;
    public const int Capacity = 16;

    public static async IAsyncEnumerable<T> Of<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = Channel.CreateBounded<T[]>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(source, queue.Writer, stop.Token), CancellationToken.None);
        try
        {
            while (await WaitAsync(queue.Reader, cancellationToken))
            {
                while (queue.Reader.TryRead(out var batch))
                {
                    foreach (var item in batch)
                    {
                        yield return item;
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer; // never faults: its exception went into the queue
        }
    }

    private static async Task ProduceAsync<T>(IAsyncEnumerable<T> source, ChannelWriter<T[]> queue, CancellationToken cancellationToken)
    {
        var batch = new List<T>(BatchSize);
        try
        {
            await using var rows = source.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                var next = rows.MoveNextAsync();
                if (!next.IsCompleted && batch.Count > 0)
                {
                    // The source is about to wait (for the next page): hand over what is ready rather than hold it back.
                    await queue.WriteAsync([.. batch], cancellationToken);
                    batch.Clear();
                }

                if (!await next)
                {
                    break;
                }

                batch.Add(rows.Current);
                if (batch.Count == BatchSize)
                {
                    await queue.WriteAsync([.. batch], cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await queue.WriteAsync([.. batch], cancellationToken);
            }

            queue.Complete();
        }
        catch (Exception e)
        {
            await HandOverAsync(batch, queue, cancellationToken);
            queue.Complete(e);
        }
    }

    /// <summary>The rows produced before a failure, so the consumer gets them before it.</summary>
    private static async Task HandOverAsync<T>(List<T> batch, ChannelWriter<T[]> queue, CancellationToken cancellationToken)
    {
        try
        {
            if (batch.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                await queue.WriteAsync([.. batch], cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The consumer stopped while they waited for room: it wants neither them nor the failure.
        }
    }

    /// <summary>Waits for the next batch; false once the producer finished, its exception rethrown as it was.</summary>
    private static async Task<bool> WaitAsync<T>(ChannelReader<T> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is { } cause)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }
}
