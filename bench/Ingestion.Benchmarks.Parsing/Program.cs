using Ingestion.Benchmarks.Parsing;

// Usage: dotnet run -c Release --project bench/Ingestion.Benchmarks.Parsing -- [all | throughput [runs] | memory <pages> [live] | compare [runs] [conserve]]
var mode = args.Length > 0 ? args[0] : "all";
var number = args.Length > 1 && int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
switch (mode)
{
    case "throughput":
        await ThroughputBenchmark.RunAsync(number > 0 ? number : 7);
        break;
    case "memory":
        await MemoryBenchmark.RunAsync(number > 0 ? number : 14, measureLive: args.Contains("live"));
        break;
    case "compare":
        await MemoryComparison.RunAsync(number > 0 ? number : 5, conserveMemory: args.Contains("conserve"));
        break;
    case "all":
        await ThroughputBenchmark.RunAsync(7);
        await MemoryComparison.RunAsync(5, conserveMemory: false);
        await MemoryComparison.RunAsync(5, conserveMemory: true);
        break;
    default:
        Console.Error.WriteLine($"Unknown mode '{mode}'. Use: all | throughput [runs] | memory <pages> [live] | compare [runs] [conserve].");
        return 2;
}

return 0;
