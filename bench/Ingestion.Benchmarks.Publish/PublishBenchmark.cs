using Ingestion.Sources.Unhcr;
using System.Diagnostics;
using System.Globalization;
using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Local;
using Ingestion.Postgres.Migrations;
using Ingestion.Postgres.Store;
using Ingestion.Testing.Releases;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ingestion.Benchmarks.Publish;

/// <summary>
/// Per repetition, in a fresh migrated database: the floor (binary COPY into an indexed table), (a) first publish,
/// (b) unchanged re-run, (c) a release with 1 % of rows revised, checking (c) wrote version rows only for those keys.
/// Prints medians, rows/s and the ratio to the floor.
/// </summary>
internal static class PublishBenchmark
{
    private static readonly DatasetCatalog Catalog = Ingestion.Sources.Publishers.Catalog;

    private static readonly string[] Phases = ["floor: COPY into indexed table", "(a) first publish", "(b) unchanged re-run", "(c) 1 % revised"];

    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var rows = ReleaseTable.Read(UnhcrDatasets.Population, Path.Combine(options.DataFolder, "unhcr-refugees-r", "2025.12.1", "population.csv"));
        var revised = ReviseOnePercent(rows);
        LocalPostgresServer? server = null;
        var admin = options.ConnectionString;
        if (admin is null)
        {
            server = await LocalPostgresServer.StartAsync(Path.Combine(Path.GetTempPath(), "ingestion-bench-" + Guid.NewGuid().ToString("N")), throwaway: true, cancellationToken);
            admin = server.ConnectionString;
        }

        try
        {
            await RepeatOnceAsync(admin, -1, rows, revised, cancellationToken); // warm-up (JIT, caches), not counted
            var timings = Phases.Select(_ => new List<double>()).ToArray();
            for (var repetition = 0; repetition < options.Repetitions; repetition++)
            {
                var times = await RepeatOnceAsync(admin, repetition, rows, revised, cancellationToken);
                for (var phase = 0; phase < Phases.Length; phase++)
                {
                    timings[phase].Add(times[phase]);
                }

                Console.WriteLine($"repetition {repetition + 1}: {string.Join("  ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture) + " ms"))}");
            }

            Report(rows.Count, revised.Count(r => r.Changed), timings, server is null ? "given server" : "throwaway local server (fsync off)");
            return 0;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<double[]> RepeatOnceAsync(
        string admin, int repetition, IReadOnlyList<StatRow> rows, IReadOnlyList<(StatRow Row, bool Changed)> revised, CancellationToken cancellationToken)
    {
        var database = "ingestion_bench_" + (repetition + 1).ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", cancellationToken);
        await ExecuteAsync(admin, $"CREATE DATABASE {database}", cancellationToken);
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString);
            await new MigrationRunner(dataSource, Catalog, NullLogger<MigrationRunner>.Instance).ApplyAsync(cancellationToken);
            var store = new PostgresSnapshotStore(dataSource, Catalog, Ingestion.Postgres.Resilience.DatabaseRetry.Create(dataSource), NullLogger<PostgresSnapshotStore>.Instance);

            var floor = await TimeAsync(() => FloorCopy.RunAsync(dataSource, rows, cancellationToken));
            var first = await TimeAsync(() => Expect(store.PublishAsync(UnhcrDatasets.Population, rows, cancellationToken), RunStatus.Published, 0));
            var unchanged = await TimeAsync(() => Expect(store.PublishAsync(UnhcrDatasets.Population, rows, cancellationToken), RunStatus.Unchanged, 0));
            var changedCount = revised.Count(r => r.Changed);
            var onePercent = await TimeAsync(() => Expect(store.PublishAsync(UnhcrDatasets.Population, revised.Select(r => r.Row), cancellationToken), RunStatus.Published, changedCount));
            await CheckOnlyRevisedKeysWrittenAsync(dataSource, rows.Count, changedCount, cancellationToken);
            return [floor, first, unchanged, onePercent];
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", cancellationToken);
        }
    }

    /// <summary>Every 100th row gets one more refugee.</summary>
    private static List<(StatRow Row, bool Changed)> ReviseOnePercent(IReadOnlyList<StatRow> rows) =>
        [.. rows.Select((row, i) => i % 100 == 0
            ? (row with { Measures = [(row.Measures[0] ?? 0) + 1, .. row.Measures[1..]] }, true)
            : (row, false))];

    private static async Task Expect(Task<PublishResult> publish, RunStatus status, long revised)
    {
        var result = await publish;
        if (result.Status != status || (status == RunStatus.Published && revised > 0 && (result.Revised != revised || result.Added != 0 || result.Removed != 0)))
        {
            throw new InvalidOperationException($"Expected {status} with {revised} revised, got {result}.");
        }
    }

    private static async Task CheckOnlyRevisedKeysWrittenAsync(NpgsqlDataSource dataSource, int rows, int revised, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*), count(*) FILTER (WHERE valid_from = (SELECT max(snapshot_id) FROM ingestion.snapshots))
            FROM ingestion.versions
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (total, written) = (reader.GetInt64(0), reader.GetInt64(1));
        if (total != rows + revised || written != revised)
        {
            throw new InvalidOperationException($"(c) wrote {written} version rows ({total} in all); expected exactly the {revised} revised keys.");
        }
    }

    private static void Report(int rowCount, int revisedCount, List<double>[] timings, string server)
    {
        var floor = Median(timings[0]);
        Console.WriteLine();
        Console.WriteLine($"{rowCount} rows, {revisedCount} revised in (c); medians of {timings[0].Count} repetitions; {Environment.ProcessorCount} cores; {server}");
        Console.WriteLine("| phase | median ms | rows/s | × floor |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var phase = 0; phase < Phases.Length; phase++)
        {
            var median = Median(timings[phase]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Phases[phase]} | {median:0} | {rowCount / (median / 1000):N0} | {median / floor:0.00} |"));
        }

        Console.WriteLine($"(c) wrote exactly {revisedCount} version rows (checked).");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
