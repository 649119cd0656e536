using Ingestion.Core.Model;
using Ingestion.Postgres.Migrations;
using Ingestion.Sources.Unhcr;
using Ingestion.Testing;
using Ingestion.Testing.FakeUnhcr;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ingestion.Postgres.Tests.Migrations;

/// <summary>
/// A database at schema version 5 holding what the old store wrote (<see cref="LegacyStore"/>), fingerprinted, then
/// migrated by today's <see cref="MigrationRunner"/> and fingerprinted again. The old history, in snapshot id order:
/// <list type="number">
/// <item>unhcr.population 2025.06.0, published (first publish, COPY straight into versions)</item>
/// <item>unhcr.population 2025.12.1, published (300 added, 4,589 revised, 233 removed)</item>
/// <item>unhcr.population 2025.12.1 again: an unchanged run, no snapshot</item>
/// <item>unhcr.asylum_applications 2025.12.1, published</item>
/// <item>unhcr.countries as it stood earlier (Türkiye still "Turkey", Serbia and Montenegro still listed), published</item>
/// <item>unhcr.countries 2025.12.1, published (one revised by name only, one removed)</item>
/// <item>unhcr.idmc 2025.12.1, published</item>
/// <item>unhcr.idmc without 1990–2015, AFG 2025 revised and AFG 2026 added: quarantined, its diff in pending_changes</item>
/// </list>
/// Everything the tests compare is captured during initialization, before any test changes the database.
/// </summary>
public sealed class LegacyDatabase(PostgresServerFixture server) : IAsyncLifetime
{
    private string? _database;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    internal LegacyRun PopulationMidYear { get; private set; } = null!;

    internal LegacyRun PopulationYearEnd { get; private set; } = null!;

    internal LegacyRun PopulationAgain { get; private set; } = null!;

    internal LegacyRun AsylumApplications { get; private set; } = null!;

    internal LegacyRun CountriesEarlier { get; private set; } = null!;

    internal LegacyRun Countries { get; private set; } = null!;

    internal LegacyRun Idmc { get; private set; } = null!;

    internal LegacyRun IdmcQuarantined { get; private set; } = null!;

    internal IReadOnlyList<StatRow> IdmcQuarantinedRows { get; private set; } = null!;

    internal SortedDictionary<string, string> ContractBefore { get; private set; } = null!;

    internal SortedDictionary<string, string> ContractAfter { get; private set; } = null!;

    internal State StateBefore { get; private set; } = null!;

    internal State StateAfter { get; private set; } = null!;

    /// <summary>stats.revisions of unhcr.countries by change and by what asylum_iso holds (NULL, empty, other).</summary>
    internal IReadOnlyList<string> CountriesAsylumIsoBefore { get; private set; } = null!;

    internal IReadOnlyList<string> CountriesAsylumIsoAfter { get; private set; } = null!;

    internal IReadOnlyList<Migration> Applied { get; private set; } = null!;

    internal TimeSpan LegacyWriteTime { get; private set; }

    internal TimeSpan MigrateTime { get; private set; }

    private const string CountriesAsylumIso = """
        SELECT concat_ws('|', change, asylum_iso, count(*))
        FROM (SELECT change, CASE WHEN asylum_iso IS NULL THEN 'NULL' WHEN asylum_iso = '' THEN 'empty' ELSE 'other' END AS asylum_iso
              FROM stats.revisions WHERE dataset = 'unhcr.countries') r
        GROUP BY change, asylum_iso ORDER BY change, asylum_iso
        """;

    public static IReadOnlyList<StatRow> Release(DatasetDescriptor dataset, string release, string file) =>
        ReleaseTable.Read(dataset, SharedData.File("unhcr-refugees-r", release, file));

    /// <summary>The package's countries.csv as the source reads it (ISO3, else the UNHCR code, as key; see FakeUnhcrItems).</summary>
    public static IReadOnlyList<StatRow> Countries2025() =>
        [.. CountryRows(CsvTable.Load(SharedData.File("unhcr-refugees-r", "2025.12.1", "countries.csv")))];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var population = new[] { Release(UnhcrDatasets.Population, "2025.06.0", "population.csv"), Release(UnhcrDatasets.Population, "2025.12.1", "population.csv") };
        var applications = Release(UnhcrDatasets.AsylumApplications, "2025.12.1", "asylum_applications.csv");
        var countries = Countries2025();
        var idmc = Release(UnhcrDatasets.Idmc, "2025.12.1", "idmc.csv");
        IdmcQuarantinedRows = QuarantinedIdmc(idmc);

        _database = await server.CreateEmptyDatabaseAsync("forward");
        DataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await LegacySchema.ApplyAsync(DataSource, ct);
        var old = new LegacyStore(DataSource);
        PopulationMidYear = await old.PublishAsync(UnhcrDatasets.Population, population[0], ct);
        PopulationYearEnd = await old.PublishAsync(UnhcrDatasets.Population, population[1], ct);
        PopulationAgain = await old.PublishAsync(UnhcrDatasets.Population, population[1], ct);
        AsylumApplications = await old.PublishAsync(UnhcrDatasets.AsylumApplications, applications, ct);
        CountriesEarlier = await old.PublishAsync(UnhcrDatasets.Countries, EarlierCountries(countries), ct);
        Countries = await old.PublishAsync(UnhcrDatasets.Countries, countries, ct);
        Idmc = await old.PublishAsync(UnhcrDatasets.Idmc, idmc, ct);
        IdmcQuarantined = await old.QuarantineAsync(UnhcrDatasets.Idmc, IdmcQuarantinedRows, ct);
        LegacyWriteTime = clock.Elapsed;

        // A production database has been analyzed by autovacuum long before it is migrated; a fresh one has not, and
        // without statistics the planner may nest-loop stats.revisions' anti-join over every version (minutes on CI).
        await using (var analyze = DataSource.CreateCommand("ANALYZE"))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        ContractBefore = await ReadContractFingerprint.CaptureAsync(DataSource, ct);
        StateBefore = await State.ReadAsync(DataSource, legacy: true, ct);
        CountriesAsylumIsoBefore = await State.TextRowsAsync(DataSource, CountriesAsylumIso, ct);
        clock.Restart();
        Applied = await new MigrationRunner(DataSource, TestCatalog.Default, NullLogger<MigrationRunner>.Instance).ApplyAsync(ct);
        MigrateTime = clock.Elapsed;
        ContractAfter = await ReadContractFingerprint.CaptureAsync(DataSource, ct);
        StateAfter = await State.ReadAsync(DataSource, legacy: false, ct);
        CountriesAsylumIsoAfter = await State.TextRowsAsync(DataSource, CountriesAsylumIso, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }

    private static IEnumerable<StatRow> CountryRows(CsvTable csv)
    {
        var (iso, code, name, major, region) = (csv.Column("iso_code"), csv.Column("unhcr_code"), csv.Column("name"), csv.Column("unsd_region"), csv.Column("unsd_subregion"));
        foreach (var r in csv.Rows)
        {
            yield return new StatRow(0, [Blank(r[iso]) ?? r[code]!], [],
                [Blank(r[code]), null, Blank(r[name]), Blank(r[name]), Blank(r[major]), Blank(r[region])]);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>An earlier state of the country list: Türkiye under its former name, and Serbia and Montenegro still there.</summary>
    private static List<StatRow> EarlierCountries(IReadOnlyList<StatRow> countries) =>
    [
        .. countries.Select(c => c.Key[0] == "TUR" ? c with { Attributes = [c.Attributes[0], c.Attributes[1], "Turkey", "Turkey", c.Attributes[4], c.Attributes[5]] } : c),
        new StatRow(0, ["SCG"], [], ["SCG", null, "Serbia and Montenegro", "Serbia and Montenegro", "Europe", "Southern Europe"]),
    ];

    /// <summary>A release the gate stops: 1990–2015 gone (370 of 934 rows), AFG 2025 revised, AFG 2026 added.</summary>
    private static List<StatRow> QuarantinedIdmc(IReadOnlyList<StatRow> idmc)
    {
        var kept = idmc.Where(r => r.Period >= 2016).ToList();
        var afghanistan = kept.FindIndex(r => r.Period == 2025 && r.Key[0] == "AFG");
        kept[afghanistan] = kept[afghanistan] with { Measures = [4_400_000] };
        kept.Add(kept[afghanistan] with { Period = 2026, Measures = [4_500_000] });
        return kept;
    }

    /// <summary>
    /// Everything besides the read contract that must survive the migration, as text rows: schema_migrations, every
    /// column of snapshots and runs, and each version and pending change without its key (whose shape the migration
    /// changes; the views compare keys), grouped by dataset and snapshot.
    /// </summary>
    internal sealed record State(
        IReadOnlyList<string> Migrations, IReadOnlyList<string> Snapshots, IReadOnlyList<string> Runs, IReadOnlyList<string> Versions,
        IReadOnlyList<string> PendingChanges)
    {
        public static async Task<State> ReadAsync(NpgsqlDataSource dataSource, bool legacy, CancellationToken ct)
        {
            var period = legacy ? "year" : "period";
            return new State(
                await TextRowsAsync(dataSource, "SELECT concat_ws('|', version, name, checksum, applied_at) FROM ingestion.schema_migrations ORDER BY version", ct),
                await TextRowsAsync(dataSource, """
                    SELECT concat_ws('|', snapshot_id, dataset, status, run_id, created_at, published_at, year_from, year_to, content_sha256,
                                     row_count, added, revised, removed, quality_report, base_snapshot_id)
                    FROM ingestion.snapshots ORDER BY snapshot_id
                    """, ct),
                await TextRowsAsync(dataSource, """
                    SELECT concat_ws('|', run_id, dataset, trigger, status, started_at, finished_at, year_from, year_to, pages, rows_read, snapshot_id,
                                     error, dry_run, dry_run_outcome, reprocess_of, added, revised, removed, backend_pid, backend_start)
                    FROM ingestion.runs ORDER BY run_id
                    """, ct),
                await TextRowsAsync(dataSource, $"""
                    SELECT concat_ws('|', dataset, valid_from, valid_to, count(*),
                                     md5(string_agg(concat_ws('|', {period}, measures, attributes, suppressed_mask, encode(row_hash, 'hex')), E'\n'
                                                    ORDER BY encode(row_hash, 'hex'), {period}, measures::text COLLATE "C", attributes::text COLLATE "C")))
                    FROM ingestion.versions GROUP BY dataset, valid_from, valid_to ORDER BY dataset, valid_from, valid_to
                    """, ct),
                await TextRowsAsync(dataSource, $"""
                    SELECT concat_ws('|', snapshot_id, change, count(*),
                                     md5(string_agg(concat_ws('|', {period}, measures, attributes, suppressed_mask, encode(row_hash, 'hex')), E'\n'
                                                    ORDER BY encode(row_hash, 'hex'), {period}, measures::text COLLATE "C", attributes::text COLLATE "C")))
                    FROM ingestion.pending_changes GROUP BY snapshot_id, change ORDER BY snapshot_id, change
                    """, ct));
        }

        public static async Task<List<string>> TextRowsAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
        {
            await using var command = dataSource.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(reader.GetString(0));
            }

            return rows;
        }
    }
}
