namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>One finished process: start and exit on the benchmark clock (ms), exit code, peak working set, stamped stderr lines, stdout.</summary>
internal sealed record ProcessRun(
    double Started, double Ended, int ExitCode, long PeakKilobytes, IReadOnlyList<(double At, string Line)> StandardError, string StandardOutput)
{
    public double WallMilliseconds => Ended - Started;

    /// <summary>When the first stderr line containing <paramref name="text"/> arrived, or null.</summary>
    public double? LineAt(string text) =>
        StandardError.FirstOrDefault(l => l.Line.Contains(text, StringComparison.Ordinal)) is { Line: not null } hit ? hit.At : null;

    public string Describe() =>
        $"exit {ExitCode}\n--- stdout\n{StandardOutput}--- stderr\n{string.Join('\n', StandardError.Select(l => l.Line))}";
}
