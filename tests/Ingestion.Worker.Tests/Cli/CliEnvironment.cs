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
}
