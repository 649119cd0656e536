namespace Ingestion.Worker.Tests.Cli;

/// <summary>Bad configuration stops the process with exit 2 and one line naming the key and the value — before any database work.</summary>
public sealed class ConfigurationErrorTests
{
    private const string UnreachableDatabase = "Host=127.0.0.1;Port=1;Username=ingestion;Password=hunter2-secret";

    [Theory]
    [InlineData("Ingestion__Sources__Unhcr__BaseAddress", "relative/path", "BaseAddress")]
    [InlineData("Ingestion__Sources__Unhcr__PageSize", "0", "PageSize")]
    [InlineData("Ingestion__Datasets__unhcr_population__Schedule", "every day", "'every day'")]
    [InlineData("Ingestion__Datasets__unhcr.nope__Enabled", "true", "unhcr.nope")]
    [InlineData("Ingestion__Sources__Unhcr__BaseAdress", "http://x/", "Ingestion:Sources:Unhcr:BaseAdress")]
    public async Task Start_BadValue_Exits2NamingKeyAndValue(string key, string value, string expected)
    {
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Ingestion"] = UnreachableDatabase, [key] = value };

        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(environment, TestContext.Current.CancellationToken, "migrate");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ingestion: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnreachableDatabase_Exits2QuicklyNamingHostWithoutPassword()
    {
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Ingestion"] = UnreachableDatabase };
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(environment, TestContext.Current.CancellationToken, "migrate");

        Assert.Equal(2, exitCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot reach PostgreSQL at 127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownVerb_Exits2()
    {
        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(new Dictionary<string, string>(), TestContext.Current.CancellationToken, "frobnicate");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("ingestion: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryVerbOfTheDesign()
    {
        var (exitCode, stdout, _) = await IngestionProcess.RunAsync(new Dictionary<string, string>(), TestContext.Current.CancellationToken, "--help");

        Assert.Equal(0, exitCode);
        foreach (var verb in new[] { "run", "ingest", "backfill", "reprocess", "approve", "reject", "runs", "snapshots", "diff", "datasets", "migrate" })
        {
            Assert.Matches($@"(?m)^\s+{verb}\b", stdout);
        }
    }
}
