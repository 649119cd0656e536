using Ingestion.Postgres.Local;
using Npgsql;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>
/// The floor: <c>psql \copy</c> of the release's population CSV into an empty table with the same primary key as the
/// data's identity (year, origin ISO3, asylum ISO3), timed as a whole psql process. The table is created beforehand,
/// untimed.
/// </summary>
internal static class FloorCopy
{
    private const string CreateTable = """
        CREATE TABLE public.floor_population (
            year integer, coo_name text, coo text, coo_iso text, coa_name text, coa text, coa_iso text,
            refugees bigint, asylum_seekers bigint, returned_refugees bigint, idps bigint, returned_idps bigint,
            stateless bigint, ooc bigint, oip bigint, hst bigint,
            PRIMARY KEY (year, coo_iso, coa_iso))
        """;

    public static async Task<ProcessRun> RunAsync(string connectionString, string csv, BenchClock clock, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand(CreateTable, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var environment = PsqlEnvironment(connectionString);
        var copy = $"\\copy public.floor_population FROM '{csv.Replace("'", "''", StringComparison.Ordinal)}' WITH (FORMAT csv, HEADER true)";
        var run = await ChildProcess.RunAsync(Psql(), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", copy], environment, clock, cancellationToken);
        return run.ExitCode == 0 ? run : throw new InvalidOperationException("psql \\copy failed: " + run.Describe());
    }

    /// <summary>psql's connection settings for <paramref name="connectionString"/>.</summary>
    public static Dictionary<string, string?> PsqlEnvironment(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new Dictionary<string, string?>
        {
            ["PGHOST"] = builder.Host,
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username,
            ["PGPASSWORD"] = builder.Password,
            ["PGDATABASE"] = builder.Database,
        };
    }

    public static string Psql()
    {
        var beside = PostgresBinaries.TryFind() is { } folder ? Path.Combine(folder, "psql") : null;
        return beside is not null && File.Exists(beside) ? beside : "psql";
    }
}
