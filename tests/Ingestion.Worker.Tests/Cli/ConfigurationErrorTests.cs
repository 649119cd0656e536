namespace Ingestion.Worker.Tests.Cli;

/// <summary>
/// Bad configuration stops the process with exit 2 and one line naming every bad key and its value — before any
/// database work (the database here is unreachable, so getting past the check would end differently).
/// </summary>
public sealed class ConfigurationErrorTests
{
    private const string UnreachableDatabase = "Host=127.0.0.1;Port=1;Username=ingestion;Password=hunter2-secret";

    [Theory]
    [InlineData("Ingestion__Sources__Unhcr__BaseAddress", "relative/path", "BaseAddress")]
    [InlineData("Ingestion__Sources__Unhcr__PageSize", "0", "PageSize")]
    [InlineData("Ingestion__Datasets__unhcr_population__Schedule", "every day", "'every day'")]
    [InlineData("Ingestion__Datasets__unhcr.nope__Enabled", "true", "unhcr.nope")]
    [InlineData("Ingestion__Sources__Unhcr__BaseAdress", "http://x/", "Ingestion:Sources:Unhcr:BaseAdress")]
    [InlineData("Ingestion__Database__RetryBudget", "-00:00:05", "Ingestion:Database:RetryBudget must be positive, was -00:00:05")]
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
    public async Task Start_InvalidValuesInTwoSections_Exits2NamingBothOnOneLine()
    {
        var line = await SingleErrorLineAsync(new()
        {
            ["Ingestion__Host__Port"] = "0",
            ["Ingestion__Sources__Unhcr__PageSize"] = "0",
        });

        Assert.Equal(
            "ingestion: invalid configuration: Ingestion:Host:Port must be between 1 and 65535, was 0; "
            + "Ingestion:Sources:Unhcr:PageSize must be greater than 0, was '0'",
            line);
    }

    [Fact]
    public async Task Start_TwoInvalidValuesInOneSection_Exits2NamingBoth()
    {
        var line = await SingleErrorLineAsync(new()
        {
            ["Ingestion__Sources__Unhcr__PageSize"] = "0",
            ["Ingestion__Sources__Unhcr__MaxConcurrency"] = "-1",
        });

        Assert.Contains("Ingestion:Sources:Unhcr:PageSize must be greater than 0, was '0'", line, StringComparison.Ordinal);
        Assert.Contains("Ingestion:Sources:Unhcr:MaxConcurrency must be greater than 0, was '-1'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SeveralUnknownKeys_Exits2NamingEachWithItsValue()
    {
        var line = await SingleErrorLineAsync(new()
        {
            ["Ingestion__Sources__Unhcr__BaseAdress"] = "http://x/",
            ["Ingestion__Foo"] = "x",
            ["Ingestion__Scheduler__MaxConcurency"] = "8",
        });

        Assert.Equal(
            "ingestion: invalid configuration: unknown key Ingestion:Foo (value 'x'); "
            + "unknown key Ingestion:Scheduler:MaxConcurency (value '8'); "
            + "unknown key Ingestion:Sources:Unhcr:BaseAdress (value 'http://x/')",
            line);
    }

    [Fact]
    public async Task Start_UnconvertibleInvalidAndUnknownTogether_Exits2NamingEveryOne()
    {
        var line = await SingleErrorLineAsync(new()
        {
            ["Ingestion__Host__Port"] = "eighty",
            ["Ingestion__Host__ShutdownTimeout"] = "-00:00:01",
            ["Ingestion__Host__StatusPage"] = "maybe",
            ["Ingestion__Datasets__unhcr_population__YearFrom"] = "soon",
            ["Ingestion__Datasets__unhcr_idmc__Gate__MaxRemovedFraction"] = "2",
            ["Ingestion__Scheduler__MaxConcurrency"] = "0",
            ["Ingestion__Foo"] = "x",
        });

        Assert.StartsWith("ingestion: invalid configuration: ", line, StringComparison.Ordinal);
        Assert.Equal(
            [
                "Ingestion:Datasets:unhcr_population:YearFrom must be a whole number, was 'soon'",
                "Ingestion:Host:Port must be a whole number, was 'eighty'",
                "Ingestion:Host:StatusPage must be true or false, was 'maybe'",
                "Ingestion:Host:ShutdownTimeout must be positive, was -00:00:01",
                "Ingestion:Scheduler:MaxConcurrency must be at least 1, was 0",
                "Ingestion:Datasets:unhcr_idmc:Gate:MaxRemovedFraction must be a fraction between 0 and 1, was 2",
                "unknown key Ingestion:Foo (value 'x')",
            ],
            line["ingestion: invalid configuration: ".Length..].Split("; "));
    }

    [Fact]
    public async Task Start_BadLogLevelAndSerilogKeysBesideTheLevels_Exits2NamingEach()
    {
        var line = await SingleErrorLineAsync(new()
        {
            ["Serilog__MinimumLevel__Default"] = "Loud",
            ["Serilog__MinimumLevel__Override__Npgsql"] = "3",
            ["Serilog__MinimumLevel__Override__Quartz"] = "debug",
            ["Serilog__WriteTo__0__Name"] = "File",
        });

        Assert.Equal(
            "ingestion: invalid configuration: "
            + "Serilog:MinimumLevel:Default must be one of Verbose, Debug, Information, Warning, Error, Fatal, was 'Loud'; "
            + "Serilog:MinimumLevel:Override:Npgsql must be one of Verbose, Debug, Information, Warning, Error, Fatal, was '3'; "
            + "unknown key Serilog:WriteTo:0:Name (value 'File'; only the log levels are configurable)",
            line);
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

    /// <summary>Runs <c>migrate</c> with the given settings; asserts exit 2, no stack trace, and returns the one stderr line.</summary>
    private static async Task<string> SingleErrorLineAsync(Dictionary<string, string> settings)
    {
        settings["ConnectionStrings__Ingestion"] = UnreachableDatabase;

        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(settings, TestContext.Current.CancellationToken, "migrate");

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("One or more errors occurred", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        return Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
