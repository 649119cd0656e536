using Ingestion.Benchmarks.Publish;

// Publish benchmark on the real 2025.12.1 population table (docs/storage.md).
// Usage: dotnet run -c Release --project bench/Ingestion.Benchmarks.Publish [-- [--repetitions N] [--connection "Host=…"]]
var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync("usage: [--repetitions N (>= 1)] [--connection <superuser connection string>] [--data <shared data folder>]");
    return 2;
}

return await PublishBenchmark.RunAsync(options, CancellationToken.None);
