using Ingestion.Benchmarks.Parsing;

// Usage: dotnet run -c Release --project bench/Ingestion.Benchmarks.Parsing -- [all | throughput [runs] | memory <pages> [live] | compare [runs]]
var mode = args.Length > 0 ? args[0] : "all";
var number = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
switch (mode)
{
    case "throughput":
        await ThroughputBenchmark.RunAsync(number > 0 ? number : 7);
        break;
    case "memory":
        await MemoryBenchmark.RunAsync(number > 0 ? number : 14, measureLive: args.Contains("live"));
        break;
    case "compare":
        await MemoryComparison.RunAsync(number > 0 ? number : 5);
        break;
    case "all":
        await ThroughputBenchmark.RunAsync(7);
        await MemoryComparison.RunAsync(5);
        break;
    default:
        Console.Error.WriteLine($"Unknown mode '{mode}'. Use: all | throughput [runs] | memory <pages> [live] | compare [runs].");
        return 2;
}

return 0;
