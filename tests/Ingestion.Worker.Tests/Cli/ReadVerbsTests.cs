using System.Globalization;
using System.Text.Json;
using Ingestion.Postgres.Migrations;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;

namespace Ingestion.Worker.Tests.Cli;

/// <summary>
/// <c>runs</c>, <c>snapshots</c>, <c>diff</c> and <c>datasets</c> only look: they work with a login granted only
/// ingestion_reader, and a database whose schema is behind is refused with exit 2 and left as it was — while verbs
/// that write still migrate it first.
/// </summary>
public sealed class ReadVerbsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string MigrateAdvice = "run `ingestion migrate`";
    private readonly FakeUnhcrApi _api = new();

    public static TheoryData<string> ReadVerbs => ["runs", "snapshots unhcr.idmc", "diff unhcr.idmc 1 2", "datasets"];

    public async ValueTask InitializeAsync() => await _api.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task ReadVerbs_AsIngestionReaderLogin_ShowTheState()
    {
        var ct = TestContext.Current.CancellationToken;
        var ingest = await IngestionProcess.RunAsync(CliEnvironment.For(database.ConnectionString, _api), ct, "ingest", "unhcr.idmc");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        var snapshot = (long)(await Sql.ScalarAsync(database.ConnectionString, "SELECT max(snapshot_id) FROM ingestion.snapshots", ct))!;
        var id = snapshot.ToString(CultureInfo.InvariantCulture);
        await using var reader = await ReaderLogin.CreateAsync(database.Server.AdminConnectionString, database.ConnectionString);
        var environment = CliEnvironment.For(reader.ConnectionString, _api);

        using (var runs = await ReadJsonAsync(environment, "runs", "--json"))
        {
            var run = Assert.Single(runs.RootElement.EnumerateArray());
            Assert.Equal(("unhcr.idmc", "published", snapshot), (run.GetProperty("dataset").GetString(), run.GetProperty("status").GetString(), run.GetProperty("snapshot_id").GetInt64()));
        }

        using (var snapshots = await ReadJsonAsync(environment, "snapshots", "unhcr.idmc", "--json"))
        {
            var only = Assert.Single(snapshots.RootElement.EnumerateArray());
            Assert.Equal((snapshot, "published", 934L), (only.GetProperty("snapshot_id").GetInt64(), only.GetProperty("status").GetString(), only.GetProperty("row_count").GetInt64()));
        }

        using (var datasets = await ReadJsonAsync(environment, "datasets", "--json"))
        {
            var idmc = Assert.Single(datasets.RootElement.EnumerateArray(), d => d.GetProperty("dataset").GetString() == "unhcr.idmc");
            Assert.Equal(snapshot, idmc.GetProperty("state").GetProperty("current_snapshot_id").GetInt64());
            Assert.Equal(934, idmc.GetProperty("state").GetProperty("current_row_count").GetInt64());
        }

        using (var diff = await ReadJsonAsync(environment, "diff", "unhcr.idmc", id, id, "--json"))
        {
            Assert.Empty(diff.RootElement.EnumerateArray());
        }
    }

    [Theory]
    [MemberData(nameof(ReadVerbs))]
    public async Task ReadVerb_SchemaBehind_Exits2AskingForMigrateAndLeavesItBehind(string commandLine)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scratch = await ScratchDatabase.MigratedAsync(database.Server);
        await Sql.ScalarAsync(scratch.ConnectionString, $"DELETE FROM ingestion.schema_migrations WHERE version = {MigrationCatalog.LatestVersion}", ct);
        var behind = await AppliedVersionAsync(scratch.ConnectionString, ct);

        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(CliEnvironment.For(scratch.ConnectionString, _api), ct, commandLine.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"ingestion: The database schema is at version {behind} but this build needs {MigrationCatalog.LatestVersion}; {MigrateAdvice}.",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(behind, await AppliedVersionAsync(scratch.ConnectionString, ct));
    }

    [Fact]
    public async Task ReadVerb_EmptyDatabase_Exits2AndCreatesNoSchema()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scratch = await ScratchDatabase.EmptyAsync(database.Server);

        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(CliEnvironment.For(scratch.ConnectionString, _api), ct, "datasets");

        Assert.Equal(2, exitCode);
        Assert.Contains($"has no ingestion schema (this build needs version {MigrationCatalog.LatestVersion}); {MigrateAdvice}", stderr, StringComparison.Ordinal);
        Assert.Equal(0L, await Sql.ScalarAsync(scratch.ConnectionString, "SELECT count(*) FROM pg_namespace WHERE nspname = 'ingestion'", ct));
    }

    [Fact]
    public async Task ReadVerb_ReaderOnASchemaOlderThanItsGrant_Exits2AskingForMigrate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scratch = await ScratchDatabase.MigratedAsync(database.Server);
        // As a database migrated before the reader could read the schema version (grants are per database).
        await Sql.ScalarAsync(scratch.ConnectionString, "REVOKE SELECT ON ingestion.schema_migrations FROM ingestion_reader", ct);
        await using var reader = await ReaderLogin.CreateAsync(database.Server.AdminConnectionString, scratch.ConnectionString);

        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(CliEnvironment.For(reader.ConnectionString, _api), ct, "runs");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Cannot read the schema version (ingestion.schema_migrations) as {reader.Name}", line, StringComparison.Ordinal);
        Assert.EndsWith($"{MigrateAdvice}.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteVerb_SchemaBehind_MigratesItFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scratch = await ScratchDatabase.MigratedAsync(database.Server);
        // Behind as a newer build finds it: the views were generated from another catalogue (migrations are
        // forward-only, so un-recording one would make it run twice).
        await Sql.ScalarAsync(scratch.ConnectionString, "UPDATE ingestion.read_contract SET sql_sha256 = 'older catalogue'", ct);

        var (exitCode, _, stderr) = await IngestionProcess.RunAsync(CliEnvironment.For(scratch.ConnectionString, _api), ct, "ingest", "unhcr.unrwa");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(MigrationCatalog.LatestVersion, await AppliedVersionAsync(scratch.ConnectionString, ct));
        Assert.NotEqual("older catalogue", (string)(await Sql.ScalarAsync(scratch.ConnectionString, "SELECT sql_sha256 FROM ingestion.read_contract", ct))!);
    }

    private static async Task<int> AppliedVersionAsync(string connectionString, CancellationToken ct) =>
        (int)(await Sql.ScalarAsync(connectionString, "SELECT max(version) FROM ingestion.schema_migrations", ct))!;

    private static async Task<JsonDocument> ReadJsonAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await IngestionProcess.RunAsync(environment, TestContext.Current.CancellationToken, arguments);
        Assert.True(exitCode == 0, $"{string.Join(' ', arguments)} exited {exitCode}: {stderr}");
        return JsonDocument.Parse(stdout);
    }
}
