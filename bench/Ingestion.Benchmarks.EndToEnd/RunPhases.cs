using System.Text.Json;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>
/// Where one <c>ingest</c> process spent its time, in ms: the run's own phase line (begin, fetch+parse+stage,
/// diff+gate+publish) placed on the benchmark's clock by its arrival; before it is process start, host and
/// migrations; after it, summary and exit. The fake API's request log gives the first request and the request span.
/// </summary>
internal sealed record RunPhases(double Host, double Begin, double Stage, double Publish, double Exit, double FirstRequest, double RequestSpan, int Requests)
{
    public static readonly string[] Names =
        ["start → run begun (process, host, migrate)", "begin run (lock, run row)", "fetch+parse+stage", "diff+gate+publish", "summary, exit", "(start → first request)", "(first → last request)"];

    public double[] Values => [Host, Begin, Stage, Publish, Exit, FirstRequest, RequestSpan];

    public static RunPhases? From(ProcessRun run, IReadOnlyList<double> requestTimes)
    {
        var line = run.StandardError.FirstOrDefault(l => l.Line.Contains("phases: begin", StringComparison.Ordinal));
        if (line.Line is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(line.Line);
        double Get(string name) => json.RootElement.GetProperty(name).GetDouble();
        var (begin, stage, publish) = (Get("BeginMs"), Get("StageMs"), Get("PublishMs"));
        var first = requestTimes.Count > 0 ? requestTimes[0] - run.Started : double.NaN;
        var span = requestTimes.Count > 0 ? requestTimes[^1] - requestTimes[0] : double.NaN;
        return new RunPhases(line.At - run.Started - begin - stage - publish, begin, stage, publish, run.Ended - line.At, first, span, requestTimes.Count);
    }
}
