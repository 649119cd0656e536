using System.Globalization;
using System.Text.Json;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>
/// A maintainer's day with a quarantined snapshot, through the real executable: the real release pair
/// (2025.12.1, then the 2025.06.0 state: 300 of 138,893 rows removed) against a configured gate of 0.1 % removed
/// rows; dry-run first, then quarantine, snapshots, diff, approve, and a reject that is refused.
/// </summary>
public sealed class QuarantineCommandsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly FakeUnhcrApi _api = new("2025.12.1");

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task QuarantinedRelease_DryRunQuarantineDiffApprove_EndToEnd()
    {
        var ct = TestContext.Current.CancellationToken;
        var environment = CliEnvironment.For(database.ConnectionString, _api);
        environment["Ingestion__Datasets__unhcr_population__Gate__MaxRemovedFraction"] = "0.001";
        Assert.Equal(0, (await IngestionProcess.RunAsync(environment, ct, "ingest", "unhcr.population")).ExitCode);
        var first = (long)(await ScalarAsync("SELECT max(snapshot_id) FROM ingestion.snapshots", ct))!;
        _api.Release = "2025.06.0";

        var dryRun = await IngestionProcess.RunAsync(environment, ct, "ingest", "unhcr.population", "--dry-run");

        Assert.Equal(1, dryRun.ExitCode);
        Assert.Contains("ingestion: unhcr.population would be quarantined: ", dryRun.Stderr, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM ingestion.snapshots", ct));

        var quarantined = await IngestionProcess.RunAsync(environment, ct, "ingest", "unhcr.population");

        Assert.Equal(1, quarantined.ExitCode);
        Assert.Matches(@"unhcr\.population\s+quarantined\s+\d+\s+233\s+4,589\s+300", quarantined.Stdout);
        Assert.Contains("ingestion: unhcr.population quarantined: ", quarantined.Stderr, StringComparison.Ordinal);
        var second = (long)(await ScalarAsync("SELECT max(snapshot_id) FROM ingestion.snapshots", ct))!;
        Assert.Equal(99_716m, await ScalarAsync("SELECT sum(asylum_seekers) FROM stats.unhcr_population WHERE origin_iso = 'CHN' AND year = 2025", ct));

        var snapshots = await IngestionProcess.RunAsync(environment, ct, "snapshots", "unhcr.population", "--json");
        using (var json = JsonDocument.Parse(snapshots.Stdout))
        {
            Assert.Equal(
                [(second, "quarantined"), (first, "published")],
                json.RootElement.EnumerateArray().Select(s => (s.GetProperty("snapshot_id").GetInt64(), s.GetProperty("status").GetString())));
        }

        var approved = await IngestionProcess.RunAsync(environment, ct, "approve", second.ToString(CultureInfo.InvariantCulture));

        Assert.True(approved.ExitCode == 0, approved.Stderr);
        Assert.Equal(178_725m, await ScalarAsync("SELECT sum(asylum_seekers) FROM stats.unhcr_population WHERE origin_iso = 'CHN' AND year = 2025", ct));
        Assert.Equal(138_826L, await ScalarAsync("SELECT count(*) FROM stats.unhcr_population", ct));

        var diff = await IngestionProcess.RunAsync(
            environment, ct, "diff", "unhcr.population", first.ToString(CultureInfo.InvariantCulture), second.ToString(CultureInfo.InvariantCulture), "--json", "--limit", "100000");
        using (var json = JsonDocument.Parse(diff.Stdout))
        {
            var changes = json.RootElement.EnumerateArray().ToList();
            var usaChina2025 = Assert.Single(changes, c => c.GetProperty("year").GetInt32() == 2025 && c.GetProperty("origin_iso").GetString() == "CHN"
                && c.GetProperty("asylum_iso").GetString() == "USA" && c.GetProperty("measure").GetString() == "asylum_seekers");
            Assert.Equal(("revised", 68_691, 147_909), (usaChina2025.GetProperty("change").GetString(), usaChina2025.GetProperty("old_value").GetInt64(), usaChina2025.GetProperty("new_value").GetInt64()));
            Assert.Contains(changes, c => c.GetProperty("change").GetString() == "removed");
            Assert.Contains(changes, c => c.GetProperty("change").GetString() == "added");
        }

        var datasets = await IngestionProcess.RunAsync(environment, ct, "datasets", "--json");
        using (var json = JsonDocument.Parse(datasets.Stdout))
        {
            var population = Assert.Single(json.RootElement.EnumerateArray(), d => d.GetProperty("dataset").GetString() == "unhcr.population");
            Assert.Equal(second, population.GetProperty("state").GetProperty("current_snapshot_id").GetInt64());
            Assert.Equal(138_826, population.GetProperty("state").GetProperty("current_row_count").GetInt64());
        }

        var runs = await IngestionProcess.RunAsync(environment, ct, "runs", "--dataset", "unhcr.population", "--json");
        using (var json = JsonDocument.Parse(runs.Stdout))
        {
            // The dry run changed nothing (status unchanged) and records what it would have done.
            Assert.Equal(
                [("quarantined", null), ("unchanged", "quarantined"), ("published", null)],
                json.RootElement.EnumerateArray().Select(r => (r.GetProperty("status").GetString(), r.GetProperty("dry_run_outcome").GetString())));
        }

        var rejected = await IngestionProcess.RunAsync(environment, ct, "reject", second.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(1, rejected.ExitCode);
        Assert.StartsWith("ingestion: ", rejected.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(), StringComparison.Ordinal);
        Assert.Equal("published", await ScalarAsync($"SELECT status FROM ingestion.snapshots WHERE snapshot_id = {second}", ct));
    }

    private Task<object?> ScalarAsync(string sql, CancellationToken ct) => Sql.ScalarAsync(database.ConnectionString, sql, ct);
}
