using Ingestion.Benchmarks.EndToEnd;
using Ingestion.Benchmarks.EndToEnd.Eurostat;

// End-to-end benchmarks: the published `ingestion` executable as a user runs it (docs/performance.md).
// Usage: dotnet run -c Release --project bench/Ingestion.Benchmarks.EndToEnd [-- --repetitions N] [--paced]
//        [--connection "Host=…"] [--app label=folder]… [--data folder]
//        dotnet run -c Release --project bench/Ingestion.Benchmarks.EndToEnd -- eurostat-scale [--years N] [--connection "Host=…"]
if (args is ["eurostat-scale", .. var rest])
{
    var scale = ScaleOptions.Parse(rest);
    if (scale is null)
    {
        await Console.Error.WriteLineAsync(ScaleOptions.Usage);
        return 2;
    }

    return await ScaleBenchmark.RunAsync(scale, CancellationToken.None);
}

var options = EndToEndOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(EndToEndOptions.Usage);
    return 2;
}

return await EndToEndBenchmark.RunAsync(options, CancellationToken.None);
