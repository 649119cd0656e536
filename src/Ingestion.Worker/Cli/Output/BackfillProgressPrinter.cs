using System.Globalization;
using Ingestion.Worker.Runs;

namespace Ingestion.Worker.Cli.Output;

/// <summary>
/// Shows backfill progress on stderr: a live bar redrawn in place on a terminal; plain lines otherwise (one per
/// chunk event, fetch progress at most every few seconds). Reports arrive synchronously, so lines stay in order.
/// </summary>
public sealed class BackfillProgressPrinter(TextWriter output, bool isTerminal, TimeProvider clock) : IProgress<BackfillProgress>
{
    private const int BarWidth = 24;
    private static readonly TimeSpan PlainFetchInterval = TimeSpan.FromSeconds(5);
    private long _lastPlainFetch;

    public void Report(BackfillProgress value)
    {
        if (isTerminal)
        {
            output.Write($"\r{Bar(value)} {Describe(value)}\u001b[K");
            if (value.Event != "fetching" && value.Event != "started")
            {
                output.WriteLine();
            }

            return;
        }

        if (value.Event == "fetching")
        {
            if (clock.GetElapsedTime(_lastPlainFetch) < PlainFetchInterval)
            {
                return;
            }

            _lastPlainFetch = clock.GetTimestamp();
        }

        output.WriteLine(Describe(value));
    }

    private static string Describe(BackfillProgress p)
    {
        var pages = p.ExpectedPages > 0 ? $"{p.Pages}/{p.ExpectedPages}" : p.Pages.ToString(CultureInfo.InvariantCulture);
        return $"chunk {p.Chunk}/{p.ChunkCount} {p.YearFrom}-{p.YearTo} {p.Event}: pages {pages}, rows {Format.Number(p.Rows)}, elapsed {Format.Duration(p.Elapsed)}, ETA {Eta(p)}";
    }

    private static string Bar(BackfillProgress p)
    {
        var filled = (int)Math.Round(Done(p) * BarWidth);
        return "[" + new string('#', filled) + new string('-', BarWidth - filled) + "]";
    }

    /// <summary>Fraction of the backfill done: finished chunks plus the current chunk's page fraction.</summary>
    private static double Done(BackfillProgress p)
    {
        var finished = p.Event is "fetching" or "started" ? p.Chunk - 1 : p.Chunk;
        var current = p.Event == "fetching" && p.ExpectedPages > 0 ? Math.Min(1.0, (double)p.Pages / p.ExpectedPages) : 0;
        return Math.Clamp((finished + current) / p.ChunkCount, 0, 1);
    }

    private static string Eta(BackfillProgress p)
    {
        var done = Done(p);
        return done <= 0 ? "?" : Format.Duration(TimeSpan.FromSeconds(p.Elapsed.TotalSeconds / done * (1 - done)));
    }
}
