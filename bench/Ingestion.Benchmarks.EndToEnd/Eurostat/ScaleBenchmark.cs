using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ingestion.Postgres.Local;
using Ingestion.Testing.FakeEurostat;
using Npgsql;

namespace Ingestion.Benchmarks.EndToEnd.Eurostat;

/// <summary>
/// The Eurostat scale benchmark (docs/performance.md): the full-size <c>migr_asyappctza</c> (≈ 12 million observations)
/// served by the fake dissemination API over HTTP on 127.0.0.1, ingested by the published <c>ingestion</c> process as
/// a user runs it, against the floor measured in the same run (<c>psql \copy</c> of the same rows). Scenarios, in one
/// database: first publish; unchanged (catalogue unchanged: nothing downloaded); unchanged re-read (a new "last
/// update" over the same values: everything downloaded and diffed); two releases revising 1 % each; then as-of queries
/// for one country pair with three releases stored; and, in a database of its own, a first publish of one year, for
/// the memory comparison. One run each: at this size a repetition takes minutes.
/// </summary>
internal static class ScaleBenchmark
{
    private const string Dataset = "eurostat.asylum_applicants";
    private static readonly DateTimeOffset FirstUpdate = new(2026, 4, 23, 23, 0, 0, TimeSpan.FromHours(2));

    public static async Task<int> RunAsync(ScaleOptions options, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), "ingestion-scale-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        LocalPostgresServer? server = null;
        try
        {
            var app = await WorkerPublish.PublishAsync(EndToEndOptions.RepositoryRoot(), Path.Combine(work, "app"), cancellationToken);
            var release = EurostatFullSize.FromRealCodes(FirstUpdate);
            var csv = Path.Combine(work, "floor.csv");
            var rows = ScaleFloor.WriteCsv(release, options.FirstYear, csv);
            Console.WriteLine($"{rows:N0} observations, {options.FirstYear}..{EurostatFullSize.LastYear} ({new FileInfo(csv).Length / 1_000_000:N0} MB as CSV)");

            var admin = options.ConnectionString;
            if (admin is null)
            {
                server = await LocalPostgresServer.StartAsync(Path.Combine(work, "postgres"), throwaway: true, cancellationToken);
                admin = server.ConnectionString;
            }

            var clock = new BenchClock();
            await using var api = new FakeEurostatApi(release) { CacheBodies = true };
            await api.StartAsync(cancellationToken);
            var report = new ScaleReport(rows);

            var floor = await EndToEndBenchmark.WithDatabaseAsync(admin, "scale_floor", db => ScaleFloor.CopyAsync(db, csv, clock, cancellationToken), cancellationToken);
            report.Add("floor: psql \\copy", floor, null);
            File.Delete(csv);

            string[] ingest = ["ingest", Dataset, "--from", options.FirstYear.ToString(CultureInfo.InvariantCulture), "--to", EurostatFullSize.LastYear.ToString(CultureInfo.InvariantCulture), "--json"];
            await EndToEndBenchmark.WithDatabaseAsync(admin, "scale_main", async db =>
            {
                async Task<JsonElement> Run(string scenario, string status)
                {
                    await WarmAsync(api, options.FirstYear, cancellationToken);
                    var (fileName, arguments) = WorkerPublish.Command(app, ingest);
                    var run = await ChildProcess.RunAsync(fileName, arguments, Environment(db, api.BaseAddress), clock, cancellationToken);
                    var outcome = Outcome(run, status);
                    report.Add(scenario, run, outcome);
                    return outcome;
                }

                await Run("first publish", "published");
                if (options.FirstPublishOnly)
                {
                    return 0;
                }

                await Run("unchanged (catalogue)", "unchanged");
                api.Serve(EurostatFullSize.FromRealCodes(FirstUpdate.AddDays(1)));
                await Run("unchanged re-read (new date, same values)", "unchanged");
                var revised = release.Next(FirstUpdate.AddDays(2));
                api.Serve(revised);
                var first = await Run("1 % revised", "published");
                report.Written("1 % revised", await VersionsWrittenAsync(db, first, cancellationToken));
                api.Serve(revised.Next(FirstUpdate.AddDays(3)));
                var second = await Run("1 % revised again (3 releases stored)", "published");
                report.Written("1 % revised again (3 releases stored)", await VersionsWrittenAsync(db, second, cancellationToken));
                await AsOfAsync(db, report, cancellationToken);
                return 0;
            }, cancellationToken);

            if (options.Years > 1 && !options.FirstPublishOnly)
            {
                api.Serve(release);
                await EndToEndBenchmark.WithDatabaseAsync(admin, "scale_one_year", async db =>
                {
                    string[] oneYear = ["ingest", Dataset, "--from", "2025", "--to", "2025", "--json"];
                    await WarmAsync(api, EurostatFullSize.LastYear, cancellationToken);
                    var (fileName, arguments) = WorkerPublish.Command(app, oneYear);
                    var run = await ChildProcess.RunAsync(fileName, arguments, Environment(db, api.BaseAddress), clock, cancellationToken);
                    report.Add("first publish, one year (2025)", run, Outcome(run, "published"));
                    return 0;
                }, cancellationToken);
            }

            report.Write(server is null ? "given server" : "throwaway local server (fsync off)");
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

    /// <summary>
    /// Requests each year's answer of the served release once, untimed, so the fake renders and compresses it before
    /// the measured process asks (<see cref="FakeEurostatApi.CacheBodies"/>): the timed run then competes for the
    /// cores only with PostgreSQL, as the floor does.
    /// </summary>
    private static async Task WarmAsync(FakeEurostatApi api, int firstYear, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        for (var year = firstYear; year <= EurostatFullSize.LastYear; year++)
        {
            var uri = new Uri(api.BaseAddress, $"sdmx/2.1/data/{EurostatFlowDefinition.Applicants.Id}?format=SDMX-CSV&compressed=true&startPeriod={year}&endPeriod={year}");
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Versions rows the publish wrote (opened at the new snapshot): only the revised rows, not the release.</summary>
    private static async Task<long> VersionsWrittenAsync(string db, JsonElement outcome, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM ingestion.versions WHERE valid_from = @s", connection);
        command.Parameters.AddWithValue("s", outcome.GetProperty("snapshot_id").GetInt64());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>One country pair (China → Germany, every sex, age and applicant type) as of each snapshot: median of 21 queries.</summary>
    private static async Task AsOfAsync(string db, ScaleReport report, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync(cancellationToken);
        var snapshots = new List<long>();
        await using (var list = new NpgsqlCommand($"SELECT snapshot_id FROM ingestion.snapshots WHERE dataset = '{Dataset}' AND status = 'published' ORDER BY snapshot_id", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                snapshots.Add(reader.GetInt64(0));
            }
        }

        foreach (var snapshot in snapshots)
        {
            await using var query = new NpgsqlCommand(
                "SELECT count(*), sum(applicants) FROM stats.eurostat_asylum_applicants_as_of(@s) WHERE citizen = 'CN' AND geo = 'DE'", connection);
            query.Parameters.AddWithValue("s", snapshot);
            var times = new List<double>();
            long count = 0;
            for (var i = 0; i < 21; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await using var reader = await query.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                count = reader.GetInt64(0);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            report.AsOf(snapshot, count, times.Order().ElementAt(times.Count / 2));
        }
    }

    private static JsonElement Outcome(ProcessRun run, string status)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("Unexpected outcome: " + run.Describe());
        }

        using var json = JsonDocument.Parse(run.StandardOutput);
        var outcome = json.RootElement.GetProperty("runs")[0].Clone();
        return outcome.GetProperty("status").GetString() == status
            ? outcome
            : throw new InvalidOperationException($"Expected {status}: " + run.Describe());
    }

    /// <summary>As the image runs it (Production: JSON logs on stderr), pointed at the fake API and the database, pacing off.</summary>
    private static Dictionary<string, string?> Environment(string database, Uri api) => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__Ingestion"] = database,
        ["Ingestion__Sources__Eurostat__BaseAddress"] = api.AbsoluteUri,
        ["Ingestion__Sources__Eurostat__MinRequestInterval"] = "00:00:00",
    };
}
