namespace Ingestion.Worker.Tests.Cli;

/// <summary>The worker's HTTP endpoint as a test polls it while the process starts.</summary>
internal static class WorkerHttp
{
    public static async Task<bool> IsReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }
}
