using Ingestion.Core.Model;
using Ingestion.Postgres.Migrations;
using Ingestion.Testing;
using Ingestion.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ingestion.Postgres.Tests.Migrations;

/// <summary>
/// A freshly migrated database agrees with the program's catalogue: <c>ingestion.datasets</c> holds exactly
/// <see cref="TestCatalog.Default"/>, every <c>stats.&lt;view&gt;</c> and its <c>_as_of</c> function have the columns the
/// descriptor declares (DESIGN §4: period, each key dimension followed by the attributes placed after it, measures,
/// the other attributes, snapshot_id), and the UNHCR views keep the columns migration 0003 gave them, written out
/// here so that a rename in the catalogue fails.
/// </summary>
public sealed class CatalogueAgreementTests(PostgresServerFixture server) : IAsyncLifetime
{
    /// <summary>
    /// The read contract of schema version 5 (migration 0003's define_dataset_views and stats.revisions), read from
    /// information_schema.columns of a database migrated to version 5. <see cref="GoldenColumns_AreThoseOfSchemaVersion5"/>
    /// checks them against such a database again.
    /// </summary>
    private static readonly Dictionary<string, string> FirstContract = new(StringComparer.Ordinal)
    {
        ["countries"] = "iso3:text, unhcr_code:text, iso2:text, name:text, name_long:text, major_area:text, region:text, snapshot_id:bigint",
        ["revisions"] = "dataset:text, snapshot_id:bigint, year:integer, origin_iso:text, asylum_iso:text, detail:jsonb, measure:text, old_value:bigint, new_value:bigint, change:text",
        ["unhcr_asylum_applications"] = "year:integer, origin_iso:text, origin_unhcr:text, origin_name:text, asylum_iso:text, asylum_unhcr:text, asylum_name:text, "
            + "procedure_type:text, app_type:text, dec_level:text, app_pc:text, applied:bigint, snapshot_id:bigint",
        ["unhcr_asylum_decisions"] = "year:integer, origin_iso:text, origin_unhcr:text, origin_name:text, asylum_iso:text, asylum_unhcr:text, asylum_name:text, "
            + "procedure_type:text, dec_level:text, dec_pc:text, dec_recognized:bigint, dec_other:bigint, dec_rejected:bigint, dec_closed:bigint, dec_total:bigint, snapshot_id:bigint",
        ["unhcr_demographics"] = "year:integer, origin_iso:text, origin_unhcr:text, origin_name:text, asylum_iso:text, asylum_unhcr:text, asylum_name:text, "
            + "pop_type:text, location:text, loc_type:text, acc_type:text, f_0_4:bigint, f_5_11:bigint, f_12_17:bigint, f_18_59:bigint, f_60:bigint, f_other:bigint, "
            + "f_total:bigint, m_0_4:bigint, m_5_11:bigint, m_12_17:bigint, m_18_59:bigint, m_60:bigint, m_other:bigint, m_total:bigint, total:bigint, snapshot_id:bigint",
        ["unhcr_idmc"] = "year:integer, origin_iso:text, origin_unhcr:text, origin_name:text, asylum_iso:text, asylum_unhcr:text, asylum_name:text, total:bigint, snapshot_id:bigint",
        ["unhcr_population"] = "year:integer, origin_iso:text, origin_unhcr:text, origin_name:text, asylum_iso:text, asylum_unhcr:text, asylum_name:text, "
            + "refugees:bigint, asylum_seekers:bigint, returned_refugees:bigint, idps:bigint, returned_idps:bigint, stateless:bigint, ooc:bigint, oip:bigint, hst:bigint, snapshot_id:bigint",
        ["unhcr_solutions"] = "year:integer, origin_iso:text, origin_unhcr:text, origin_name:text, asylum_iso:text, asylum_unhcr:text, asylum_name:text, "
            + "returned_refugees:bigint, resettlement:bigint, naturalisation:bigint, returned_idps:bigint, snapshot_id:bigint",
        ["unhcr_unrwa"] = "year:integer, origin_iso:text, origin_unhcr:text, origin_name:text, asylum_iso:text, asylum_unhcr:text, asylum_name:text, total:bigint, snapshot_id:bigint",
    };

    private static DatasetCatalog Catalog => TestCatalog.Default;

    private string _database = "";
    private NpgsqlDataSource _dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await server.CreateEmptyDatabaseAsync("catalogue");
        _dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(_database));
        await new MigrationRunner(_dataSource, Catalog, NullLogger<MigrationRunner>.Instance).ApplyAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task DatasetsTable_FreshlyMigrated_HoldsExactlyTheCatalogue()
    {
        // Every column of the table is compared below; a new one must be added here too.
        Assert.Equal(
            "dataset:text, publisher:text, view_name:text, period:text, key_fields:ARRAY, origin_field:text, asylum_field:text, measures:ARRAY, attributes:ARRAY, view_columns:ARRAY",
            await ColumnsAsync(_dataSource, "ingestion", "datasets"));
        var expected = Catalog.All.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => string.Join(" | ",
            d.Name, d.Publisher, d.ViewName, PeriodText(d.Period), string.Join(',', d.Key.Select(k => k.Name)),
            d.Key.SingleOrDefault(k => k.Role == CountryRole.Origin)?.Name ?? "NULL",
            d.Key.SingleOrDefault(k => k.Role == CountryRole.Asylum)?.Name ?? "NULL",
            string.Join(',', d.Measures), string.Join(',', d.Attributes.Select(a => a.Name)),
            string.Join(',', DeclaredColumns(d).Select(c => c.Name))));

        var stored = await TextRowsAsync(_dataSource, """
            SELECT concat_ws(' | ', dataset, publisher, view_name, period, array_to_string(key_fields, ','),
                             coalesce(origin_field, 'NULL'), coalesce(asylum_field, 'NULL'), array_to_string(measures, ','),
                             array_to_string(attributes, ','), array_to_string(view_columns, ','))
            FROM ingestion.datasets ORDER BY dataset COLLATE "C"
            """);

        Assert.Equal(expected, stored);
    }

    [Fact]
    public async Task DatasetViews_FreshlyMigrated_HaveTheDeclaredColumnsInOrder()
    {
        foreach (var dataset in Catalog.All)
        {
            var declared = Show(DeclaredColumns(dataset));

            Assert.Equal((dataset.Name, declared), (dataset.Name, await ColumnsAsync(_dataSource, "stats", dataset.ViewName)));
            Assert.Equal((dataset.Name, declared), (dataset.Name, await ResultColumnsAsync(_dataSource, $"SELECT * FROM stats.\"{dataset.ViewName}_as_of\"(NULL::bigint)")));
        }
    }

    [Fact]
    public async Task AsOfFunctions_FreshlyMigrated_TakeOneSnapshotIdAndReturnTheViewsRows()
    {
        var functions = await TextRowsAsync(_dataSource, """
            SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') -> ' || pg_get_function_result(p.oid)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'stats' ORDER BY p.proname COLLATE "C"
            """);

        Assert.Equal(
            Catalog.All.Select(d => d.ViewName).Order(StringComparer.Ordinal).Select(v => $"{v}_as_of(snapshot_id bigint) -> SETOF stats.{v}"),
            functions);
    }

    [Fact]
    public async Task StatsSchema_FreshlyMigrated_HoldsOnlyTheCatalogueViewsAndRevisions()
    {
        var relations = await TextRowsAsync(_dataSource, """
            SELECT c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'stats' ORDER BY c.relname COLLATE "C"
            """);

        Assert.Equal(
            Catalog.All.Select(d => d.ViewName).Concat(Catalog.Views.Select(v => v.ViewName)).Append("revisions")
                .Order(StringComparer.Ordinal).Select(v => v + ":v"),
            relations);
    }

    [Fact]
    public async Task UnhcrViews_FreshlyMigrated_KeepTheColumnsOfTheFirstReadContract()
    {
        Assert.Equal(FirstContract.Keys.Where(v => v != "revisions").Order(StringComparer.Ordinal),
            Catalog.All.Where(d => d.Publisher == "unhcr").Select(d => d.ViewName).Order(StringComparer.Ordinal));
        foreach (var (view, columns) in FirstContract)
        {
            Assert.Equal((view, columns), (view, await ColumnsAsync(_dataSource, "stats", view)));
            if (view != "revisions")
            {
                Assert.Equal((view, columns), (view, await ResultColumnsAsync(_dataSource, $"SELECT * FROM stats.\"{view}_as_of\"(NULL::bigint)")));
            }
        }
    }

    /// <summary>The golden lists above are the old SQL's, not a copy of what the new code generates.</summary>
    [Fact]
    public async Task GoldenColumns_AreThoseOfSchemaVersion5()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await server.CreateEmptyDatabaseAsync("catalogue_v5");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(database));
            await LegacySchema.ApplyAsync(dataSource, ct);

            Assert.Equal(FirstContract.Keys.Order(StringComparer.Ordinal),
                await TextRowsAsync(dataSource, "SELECT table_name::text FROM information_schema.views WHERE table_schema = 'stats' ORDER BY table_name::text COLLATE \"C\""));
            foreach (var (view, columns) in FirstContract)
            {
                Assert.Equal((view, columns), (view, await ColumnsAsync(dataSource, "stats", view)));
            }
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    /// <summary>
    /// The typed view's columns written out from the descriptor's fields (independently of the product's generator):
    /// period columns (integer), each key dimension (text) followed by the attributes placed after it (text), the
    /// measures (bigint), the attributes placed after no dimension, then snapshot_id (bigint).
    /// </summary>
    private static IEnumerable<(string Name, string Type)> DeclaredColumns(DatasetDescriptor dataset)
    {
        foreach (var period in dataset.PeriodColumns)
        {
            yield return (period, "integer");
        }

        foreach (var dimension in dataset.Key)
        {
            yield return (dimension.Name, "text");
            foreach (var attribute in dataset.Attributes.Where(a => a.After == dimension.Name))
            {
                yield return (attribute.Name, "text");
            }
        }

        foreach (var measure in dataset.Measures)
        {
            yield return (measure, "bigint");
        }

        foreach (var attribute in dataset.Attributes.Where(a => a.After is null))
        {
            yield return (attribute.Name, "text");
        }

        yield return ("snapshot_id", "bigint");
    }

    private static string PeriodText(PeriodKind period) => period switch
    {
        PeriodKind.None => "none",
        PeriodKind.Year => "year",
        PeriodKind.YearMonth => "year_month",
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    private static string Show(IEnumerable<(string Name, string Type)> columns) => string.Join(", ", columns.Select(c => $"{c.Name}:{c.Type}"));

    /// <summary>A relation's columns from information_schema, in ordinal order, as "name:data_type, …".</summary>
    private static async Task<string> ColumnsAsync(NpgsqlDataSource dataSource, string schema, string relation)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT coalesce(string_agg(column_name || ':' || data_type, ', ' ORDER BY ordinal_position), '')
            FROM information_schema.columns WHERE table_schema = @schema AND table_name = @relation
            """);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("relation", relation);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>The result columns of a query as its reader describes them, as "name:type, …".</summary>
    private static async Task<string> ResultColumnsAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SchemaOnly, TestContext.Current.CancellationToken);
        return string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}:{reader.GetDataTypeName(i)}"));
    }

    private static async Task<List<string>> TextRowsAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
