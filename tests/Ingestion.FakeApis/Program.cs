// The fake UNHCR API (Ingestion.Testing's FakeUnhcrApi: the real release tables over HTTP) as a process:
//
//   Ingestion.FakeApis --data <folder holding unhcr-refugees-r/> [--port 9000] [--listen 127.0.0.1] [--release 2025.12.1]
//
// Serves until SIGTERM or Ctrl+C, then exits 0; bad usage exits 2 with one line on stderr.
using System.Runtime.InteropServices;
using Ingestion.FakeApis;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;

if (FakeApisOptions.Parse(args, out var error) is not { } options)
{
    await Console.Error.WriteLineAsync($"Ingestion.FakeApis: {error}");
    return 2;
}

// FakeUnhcrTable finds its CSV files through SharedData, which reads this variable first.
Environment.SetEnvironmentVariable(SharedData.RootVariable, options.DataFolder);

using var stop = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

await using var api = new FakeUnhcrApi(options.Release) { ListenAddress = options.ListenAddress, Port = options.Port };
await api.StartAsync(stop.Token);
await Console.Out.WriteLineAsync($"fake UNHCR API: {api.BaseAddress} serving release {options.Release} from {options.DataFolder}");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // SIGTERM or Ctrl+C: the normal way to stop.
}

await Console.Out.WriteLineAsync($"fake UNHCR API: stopping after {api.Requests.Count} requests");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true; // stop here, cleanly, instead of the runtime's immediate exit
    stop.Cancel();
}
