using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ingestion.Core.Model;
using static Ingestion.Postgres.Catalog.ReadContractSql;

namespace Ingestion.Postgres.Catalog;

/// <summary>
/// The read contract generated from the dataset catalogue (DESIGN §4): per dataset <c>stats.&lt;view&gt;</c> and
/// <c>stats.&lt;view&gt;_as_of(snapshot_id)</c>, then <c>stats.revisions</c> over every dataset and the catalogue's
/// cross-dataset views. <c>CREATE OR REPLACE VIEW</c> refuses to rename, retype or reorder a column, so a catalogue
/// change that would break a reader fails the migration instead of shipping.
/// </summary>
internal sealed class ReadContract(DatasetCatalog catalog)
{
    private readonly Lazy<string> _sql = new(() => Generate(catalog));
    private string? _sha256;

    public string Sql => _sql.Value;

    public string Sha256 => _sha256 ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    private static string Generate(DatasetCatalog catalog)
    {
        var sql = new StringBuilder();
        foreach (var dataset in catalog.All)
        {
            AppendDatasetViews(sql, dataset);
        }

        AppendRevisions(sql, catalog.All);
        foreach (var view in catalog.Views)
        {
            sql.Append(CultureInfo.InvariantCulture, $"""
                CREATE OR REPLACE VIEW stats.{Quote(view.ViewName)} AS
                {view.SelectSql};
                COMMENT ON VIEW stats.{Quote(view.ViewName)} IS {Literal(view.Description)};
                GRANT SELECT ON stats.{Quote(view.ViewName)} TO ingestion_reader;

                """);
        }

        return sql.ToString();
    }

    private static void AppendDatasetViews(StringBuilder sql, DatasetDescriptor dataset)
    {
        var view = Quote(dataset.ViewName);
        var asOf = Quote(dataset.ViewName + "_as_of");
        var columns = SelectList(dataset, "v");
        var name = Literal(dataset.Name);
        sql.Append(CultureInfo.InvariantCulture, $"""
            CREATE OR REPLACE VIEW stats.{view} AS
            SELECT {columns} FROM ingestion.versions v WHERE v.dataset = {name} AND v.valid_to IS NULL;
            CREATE OR REPLACE FUNCTION stats.{asOf}(snapshot_id bigint) RETURNS SETOF stats.{view} LANGUAGE sql STABLE AS $as_of$
            SELECT {columns} FROM ingestion.versions v
            WHERE v.dataset = {name} AND v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1)
            $as_of$;
            COMMENT ON VIEW stats.{view} IS {Literal($"Current published rows of {dataset.Name} (see docs/reading-the-data.md).")};
            REVOKE ALL ON FUNCTION stats.{asOf}(bigint) FROM PUBLIC;
            GRANT SELECT ON stats.{view} TO ingestion_reader;
            GRANT EXECUTE ON FUNCTION stats.{asOf}(bigint) TO ingestion_reader;

            """);
    }

    /// <summary>
    /// One row per changed key and measure of each published snapshot. A key whose measures did not change (only an
    /// attribute did, or it has no measures at all) gets one row with measure NULL, so counting distinct keys per
    /// change always matches the snapshot's added / revised / removed counts.
    /// </summary>
    private static void AppendRevisions(StringBuilder sql, IReadOnlyList<DatasetDescriptor> datasets)
    {
        var branches = datasets.Select(d => $"""
            SELECT {Literal(d.Name)}::text AS dataset, ch.snapshot_id, {Year(d, "ch.period")} AS year,
                   {Iso(d, CountryRole.Origin, "ch.key", "ch.attributes")} AS origin_iso,
                   {Iso(d, CountryRole.Asylum, "ch.key", "ch.attributes")} AS asylum_iso,
                   {DetailJson(d, "ch.key", "ch.period")} AS detail, m.measure, m.old_value, m.new_value, ch.change
            FROM (
                SELECT n.valid_from AS snapshot_id, n.period, n.key, n.attributes, o.measures AS old_measures, n.measures AS new_measures,
                       CASE WHEN o.dataset IS NULL THEN 'added' ELSE 'revised' END AS change
                FROM ingestion.versions n
                LEFT JOIN ingestion.versions o
                    ON o.dataset = n.dataset AND o.valid_to = n.valid_from AND o.period = n.period AND o.key = n.key
                WHERE n.dataset = {Literal(d.Name)}
                UNION ALL
                SELECT o.valid_to, o.period, o.key, o.attributes, o.measures, NULL, 'removed'
                FROM ingestion.versions o
                WHERE o.dataset = {Literal(d.Name)} AND o.valid_to IS NOT NULL
                  AND NOT EXISTS (
                      SELECT FROM ingestion.versions n
                      WHERE n.dataset = o.dataset AND n.valid_from = o.valid_to AND n.period = o.period AND n.key = o.key)
            ) ch
            CROSS JOIN LATERAL ({ChangedMeasures(d)}) m
            """);
        sql.Append(CultureInfo.InvariantCulture, $"""
            CREATE OR REPLACE VIEW stats.revisions AS
            {string.Join("\nUNION ALL\n", branches)};
            COMMENT ON VIEW stats.revisions IS 'One row per changed key and measure of each published snapshot (see docs/reading-the-data.md).';
            GRANT SELECT ON stats.revisions TO ingestion_reader;

            """);
    }
}
