using System.Globalization;
using System.Text;
using Ingestion.Testing.FakeEurostat;
using Npgsql;

namespace Ingestion.Benchmarks.EndToEnd.Eurostat;

/// <summary>
/// The floor of the scale benchmark: <c>psql \copy</c> of the same observations (as CSV, written beforehand, untimed)
/// into an empty table keyed like the dataset (year, citizen, geo, sex, age, applicant), timed as a whole process.
/// </summary>
internal static class ScaleFloor
{
    private const string CreateTable = """
        CREATE TABLE public.floor_applicants (
            year integer, citizen text, geo text, sex text, age text, applicant text, applicants bigint, obs_flag text, conf_status text,
            PRIMARY KEY (year, citizen, geo, sex, age, applicant))
        """;

    /// <summary>Writes the observations of <paramref name="firstYear"/>..2025 as CSV; returns the row count.</summary>
    public static long WriteCsv(IEurostatFlow flow, int firstYear, string path)
    {
        var dimensions = flow.Definition;
        int At(string name) => dimensions.PositionOf(name);
        var (citizen, geo, sex, age, applicant) = (At("citizen"), At("geo"), At("sex"), At("age"), At("applicant"));
        var query = EurostatQuery.Parse(null, dimensions.Dimensions.Count, firstYear.ToString(CultureInfo.InvariantCulture), EurostatFullSize.LastYear.ToString(CultureInfo.InvariantCulture));
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        long rows = 0;
        foreach (var o in flow.Matching(query))
        {
            var k = o.Key;
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{o.TimePeriod},{k[citizen]},{k[geo]},{k[sex]},{k[age]},{k[applicant]},{o.Value},{o.ObsFlag},{o.ConfStatus}\n"));
            rows++;
        }

        return rows;
    }

    public static async Task<ProcessRun> CopyAsync(string connectionString, string csv, BenchClock clock, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand(CreateTable, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var copy = $"\\copy public.floor_applicants FROM '{csv.Replace("'", "''", StringComparison.Ordinal)}' WITH (FORMAT csv)";
        var run = await ChildProcess.RunAsync(FloorCopy.Psql(), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", copy], FloorCopy.PsqlEnvironment(connectionString), clock, cancellationToken);
        return run.ExitCode == 0 ? run : throw new InvalidOperationException("psql \\copy failed: " + run.Describe());
    }
}
