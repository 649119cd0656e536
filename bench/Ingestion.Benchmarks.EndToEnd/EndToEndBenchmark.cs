using System.Globalization;
using System.Text.Json;
using Ingestion.Postgres.Local;
using Ingestion.Testing.FakeUnhcr;
using Npgsql;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>
/// Per repetition: the floor (<c>psql \copy</c>), then for each worker build, in a fresh database, the processes a
/// user runs — first publish, unchanged re-run, 1 % revised, <c>datasets</c>, and with <c>--paced</c> an unchanged
/// run at the default request pacing — against the real 2025.12.1 population pages served over HTTP on 127.0.0.1.
/// One warm-up repetition (file cache, the fake API's tables) is not counted. Prints medians and ratios.
/// </summary>
internal static class EndToEndBenchmark
{
    public static async Task<int> RunAsync(EndToEndOptions options, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), "ingestion-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        LocalPostgresServer? server = null;
        try
        {
            var apps = options.Apps.Count > 0
                ? options.Apps
                : [("current", await WorkerPublish.PublishAsync(EndToEndOptions.RepositoryRoot(), Path.Combine(work, "app"), cancellationToken))];
            var csv = Path.Combine(options.DataFolder, "unhcr-refugees-r", FakeUnhcrTable.LatestRelease, "population.csv");
            var (revisedRelease, revisedCount) = RevisedRelease.Write(csv, Path.Combine(work, "revised"));
            FakeUnhcrTable.Load(FakeUnhcrTable.LatestRelease, "population");
            FakeUnhcrTable.Load(revisedRelease, "population");

            var clock = new BenchClock();
            var requestTimes = new List<double>();
            await using var api = new FakeUnhcrApi { OnRequest = _ => { lock (requestTimes) { requestTimes.Add(clock.Now); } } };
            await api.StartAsync(cancellationToken);

            var admin = options.ConnectionString;
            if (admin is null)
            {
                server = await LocalPostgresServer.StartAsync(Path.Combine(work, "postgres"), throwaway: true, cancellationToken);
                admin = server.ConnectionString;
            }

            var context = new RepetitionContext(admin, csv, revisedRelease, revisedCount, api, requestTimes, clock, options.Paced, options.StartupOnly);
            var results = new BenchmarkResults(apps.Select(a => a.Label).ToList());
            for (var repetition = 0; repetition <= options.Repetitions; repetition++)
            {
                var counted = repetition > 0;
                var floor = await WithDatabaseAsync(admin, $"e2e_floor_{repetition}", db => FloorCopy.RunAsync(db, csv, clock, cancellationToken), cancellationToken);
                var line = new List<string> { $"floor {floor.WallMilliseconds:0}" };
                if (counted)
                {
                    results.Floor.Add(floor.WallMilliseconds);
                }

                foreach (var (label, folder) in apps)
                {
                    var samples = await WithDatabaseAsync(admin, $"e2e_{repetition}",
                        db => RunScenariosAsync(context, folder, db, cancellationToken), cancellationToken);
                    if (counted)
                    {
                        results.Add(label, samples);
                    }

                    line.Add($"{label}: " + string.Join(" ", samples.Select(s => s.Run.WallMilliseconds.ToString("0", CultureInfo.InvariantCulture))));
                }

                Console.WriteLine((counted ? $"repetition {repetition}: " : "warm-up: ") + string.Join(" | ", line) + " ms");
            }

            BenchmarkReport.Write(results, revisedCount, server is null ? "given server" : "throwaway local server (fsync off)");
            return 0;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<List<Sample>> RunScenariosAsync(RepetitionContext context, string app, string database, CancellationToken cancellationToken)
    {
        var samples = new List<Sample>();
        async Task Run(Scenario scenario, string release, bool paced, string[] verb, Action<ProcessRun> check)
        {
            context.Api.Release = release;
            lock (context.RequestTimes)
            {
                context.RequestTimes.Clear();
            }

            var environment = Environment(database, context.Api.BaseAddress, paced);
            var (fileName, arguments) = WorkerPublish.Command(app, verb);
            var run = await ChildProcess.RunAsync(fileName, arguments, environment, context.Clock, cancellationToken);
            check(run);
            List<double> requests;
            lock (context.RequestTimes)
            {
                requests = [.. context.RequestTimes];
            }

            samples.Add(new Sample(scenario, run, RunPhases.From(run, requests)));
        }

        string[] ingest = ["ingest", "unhcr.population", "--json"];
        var latest = FakeUnhcrTable.LatestRelease;
        if (context.StartupOnly)
        {
            await Run(Scenario.Datasets, latest, false, ["migrate"], r => Expect(r.ExitCode == 0, r));
            samples.Clear();
            await Run(Scenario.Datasets, latest, false, ["datasets"], r => Expect(r.ExitCode == 0, r));
            return samples;
        }

        await Run(Scenario.FirstPublish, latest, false, ingest, r => ExpectRun(r, "published", null));
        await Run(Scenario.Unchanged, latest, false, ingest, r => ExpectRun(r, "unchanged", null));
        await Run(Scenario.OnePercentRevised, context.RevisedRelease, false, ingest, r => ExpectRun(r, "published", context.RevisedCount));
        await Run(Scenario.Datasets, context.RevisedRelease, false, ["datasets"], r => Expect(r.ExitCode == 0, r));
        if (context.Paced)
        {
            await Run(Scenario.UnchangedPaced, context.RevisedRelease, true, ingest, r => ExpectRun(r, "unchanged", null));
        }

        return samples;
    }

    /// <summary>As the image runs it (Production: JSON logs, here on stderr), pointed at the fake API and the database.</summary>
    private static Dictionary<string, string?> Environment(string database, Uri api, bool defaultPacing)
    {
        var environment = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("Ingestion__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, _ => (string?)null);
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["ConnectionStrings__Ingestion"] = database;
        environment["Ingestion__Sources__Unhcr__BaseAddress"] = api.AbsoluteUri;
        if (!defaultPacing)
        {
            environment["Ingestion__Sources__Unhcr__MinRequestInterval"] = "00:00:00";
        }

        return environment;
    }

    private static void ExpectRun(ProcessRun run, string status, int? revised)
    {
        Expect(run.ExitCode == 0, run);
        using var json = JsonDocument.Parse(run.StandardOutput);
        var outcome = json.RootElement.GetProperty("runs")[0];
        Expect(outcome.GetProperty("status").GetString() == status, run);
        Expect(revised is null || outcome.GetProperty("revised").GetInt64() == revised, run);
    }

    private static void Expect(bool condition, ProcessRun run)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Unexpected outcome: " + run.Describe());
        }
    }

    internal static async Task<T> WithDatabaseAsync<T>(string admin, string name, Func<string, Task<T>> action, CancellationToken cancellationToken)
    {
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken);
        await ExecuteAsync(admin, $"CREATE DATABASE {name}", cancellationToken);
        try
        {
            return await action(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken);
        }
    }

    internal static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record RepetitionContext(
        string Admin, string Csv, string RevisedRelease, int RevisedCount, FakeUnhcrApi Api, List<double> RequestTimes, BenchClock Clock, bool Paced, bool StartupOnly);
}
