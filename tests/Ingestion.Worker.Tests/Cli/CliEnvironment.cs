using Ingestion.Testing.FakeEurostat;
using Ingestion.Testing.FakeUnhcr;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>The environment variables a test passes to the <c>ingestion</c> process: its database and the fake API.</summary>
public static class CliEnvironment
{
    public static Dictionary<string, string> For(string connectionString, FakeUnhcrApi api) => new()
    {
        ["ConnectionStrings__Ingestion"] = connectionString,
        ["Ingestion__Sources__Unhcr__BaseAddress"] = api.BaseAddress.ToString(),
        ["Ingestion__Sources__Unhcr__MinRequestInterval"] = "00:00:00",
        ["Ingestion__Sources__Unhcr__RetryBaseDelay"] = "00:00:00.050",
        ["Ingestion__Scheduler__Clustered"] = "false",
    };

    /// <summary>Both publishers' fakes; Eurostat's queued extractions are polled every 10 ms.</summary>
    public static Dictionary<string, string> For(string connectionString, FakeUnhcrApi unhcr, FakeEurostatApi eurostat)
    {
        var environment = For(connectionString, unhcr);
        environment["Ingestion__Sources__Eurostat__BaseAddress"] = eurostat.BaseAddress.ToString();
        environment["Ingestion__Sources__Eurostat__MinRequestInterval"] = "00:00:00";
        environment["Ingestion__Sources__Eurostat__RetryBaseDelay"] = "00:00:00.050";
        environment["Ingestion__Sources__Eurostat__AsyncPollInterval"] = "00:00:00.010";
        return environment;
    }
}
