using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>
/// Runs one whole process and times it from just before start to exit on the benchmark's clock. Each stderr line is
/// stamped on arrival (the worker's CLI verbs log there, one synchronous console write per event), and the peak
/// working set is the last <c>VmHWM</c> read from /proc while it ran (a high-water mark, so it only grows).
/// </summary>
internal static class ChildProcess
{
    private static readonly TimeSpan SamplingInterval = TimeSpan.FromMilliseconds(10);

    public static async Task<ProcessRun> RunAsync(
        string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, BenchClock clock, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var lines = new ConcurrentQueue<(double At, string Line)>();
        var stdout = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue((clock.Now, e.Data));
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };

        var started = clock.Now;
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        long peakKilobytes = 0;
        var exited = process.WaitForExitAsync(cancellationToken);
        while (!exited.IsCompleted)
        {
            peakKilobytes = Math.Max(peakKilobytes, HighWaterMarkKilobytes(process.Id));
            await Task.WhenAny(exited, Task.Delay(SamplingInterval, cancellationToken));
        }

        await exited;
        var ended = clock.Now;
        return new ProcessRun(started, ended, process.ExitCode, peakKilobytes, [.. lines], stdout.ToString());
    }

    private static long HighWaterMarkKilobytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process ended between the check and the read.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }
}
