using System.Globalization;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>An id that names no snapshot or run is bad usage (exit 2, one line naming every such id), not a failed run (1).</summary>
public sealed class UnknownIdTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly FakeUnhcrApi _api = new();

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task Decision_UnknownSnapshot_Exits2NamingIt(string verb)
    {
        var line = await UsageErrorAsync(verb, "999999");

        Assert.Equal("ingestion: snapshot-id 999999 names no snapshot (see `ingestion snapshots <dataset>`).", line);
    }

    [Fact]
    public async Task Reprocess_UnknownRun_Exits2NamingIt()
    {
        var line = await UsageErrorAsync("reprocess", "999999");

        Assert.Equal("ingestion: run-id 999999 names no run (see `ingestion runs`).", line);
    }

    [Fact]
    public async Task Diff_UnknownAndOtherDatasetsSnapshots_Exits2NamingBoth()
    {
        var ct = TestContext.Current.CancellationToken;
        var ingest = await IngestionProcess.RunAsync(CliEnvironment.For(database.ConnectionString, _api), ct, "ingest", "unhcr.unrwa");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        var unrwa = ((long)(await Sql.ScalarAsync(database.ConnectionString, "SELECT max(snapshot_id) FROM ingestion.snapshots WHERE dataset = 'unhcr.unrwa'", ct))!)
            .ToString(CultureInfo.InvariantCulture);

        var line = await UsageErrorAsync("diff", "unhcr.idmc", unrwa, "999999");

        Assert.Equal(
            $"ingestion: from-id {unrwa} is a snapshot of unhcr.unrwa, not of unhcr.idmc; to-id 999999 names no snapshot (see `ingestion snapshots <dataset>`).",
            line);
    }

    /// <summary>Runs the verb; asserts exit 2 and one error line on stderr (beside the JSON log of the migration), which it returns.</summary>
    private async Task<string> UsageErrorAsync(params string[] arguments)
    {
        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(
            CliEnvironment.For(database.ConnectionString, _api), TestContext.Current.CancellationToken, arguments);

        Assert.Equal(2, exitCode);
        return Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => !line.StartsWith('{'));
    }
}
