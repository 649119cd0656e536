using Ingestion.Benchmarks.EndToEnd;

// End-to-end benchmark: the published `ingestion` executable as a user runs it (docs/performance.md).
// Usage: dotnet run -c Release --project bench/Ingestion.Benchmarks.EndToEnd [-- --repetitions N] [--paced]
//        [--connection "Host=…"] [--app label=folder]… [--data folder]
var options = EndToEndOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(EndToEndOptions.Usage);
    return 2;
}

return await EndToEndBenchmark.RunAsync(options, CancellationToken.None);
