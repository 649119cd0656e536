using System.Net;
using System.Text.Json;
using Ingestion.Worker.Tests.Scheduling;

namespace Ingestion.Worker.Tests.Health;

/// <summary>Reads the health endpoints' JSON over real HTTP.</summary>
internal static class HealthResponses
{
    /// <summary>The status code of <c>/health/ready</c> and each check's status by name.</summary>
    public static async Task<(HttpStatusCode Status, Dictionary<string, string> Checks)> ReadyAsync(TestWorkerHost host)
    {
        using var response = await host.Http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var body = await ReadAsync(response);
        var checks = body.GetProperty("checks").EnumerateObject()
            .ToDictionary(check => check.Name, check => check.Value.GetProperty("status").GetString() ?? "");
        return (response.StatusCode, checks);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }
}
