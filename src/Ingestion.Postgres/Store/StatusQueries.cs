using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Catalog;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The read side the status page adds to the CLI's (<see cref="StoreQueries"/>): each dataset's latest run, snapshots by
/// status across datasets, a snapshot's largest revised values and one series across every published snapshot.
/// </summary>
internal sealed class StatusQueries(NpgsqlDataSource dataSource, DatasetCatalog catalog)
{
    public async Task<IReadOnlyList<DatasetRunState>> ListDatasetRunStatesAsync(CancellationToken cancellationToken)
    {
        // runs_dataset_started (dataset, run_id DESC) serves both lateral lookups.
        await using var command = dataSource.CreateCommand($"""
            SELECT {StoreQueries.RunColumnsOf("r")}, d.dataset, c.confirmed_at
            FROM unnest(@datasets) WITH ORDINALITY AS d (dataset, ordinal)
            LEFT JOIN LATERAL (
                SELECT * FROM ingestion.runs x WHERE x.dataset = d.dataset ORDER BY x.run_id DESC LIMIT 1) r ON true
            LEFT JOIN LATERAL (
                SELECT x.finished_at AS confirmed_at FROM ingestion.runs x
                WHERE x.dataset = d.dataset AND x.status IN ('published', 'unchanged') AND x.dry_run_outcome IS NULL
                ORDER BY x.run_id DESC LIMIT 1) c ON true
            ORDER BY d.ordinal
            """);
        command.Parameters.AddWithValue("datasets", catalog.Names.ToArray());
        return await StoreQueries.ReadAllAsync(command, r => new DatasetRunState(
            r.GetString(StoreQueries.RunColumnCount),
            r.IsDBNull(0) ? null : StoreQueries.ReadRun(r),
            r.IsDBNull(StoreQueries.RunColumnCount + 1) ? null : r.GetFieldValue<DateTimeOffset>(StoreQueries.RunColumnCount + 1)), cancellationToken);
    }

    public async Task<IReadOnlyList<SnapshotRecord>> ListSnapshotsByStatusAsync(string status, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {StoreQueries.SnapshotColumns} FROM ingestion.snapshots
            WHERE status = @status
            ORDER BY snapshot_id DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("limit", limit);
        return await StoreQueries.ReadAllAsync(command, StoreQueries.ReadSnapshot, cancellationToken);
    }

    /// <summary>
    /// The keys a snapshot revised (both an old and a new version), one row per changed measure, largest absolute change
    /// first. A published snapshot's revisions are the versions it opened beside those it closed; a quarantined one's
    /// are its parked diff beside the current versions. Added and removed keys are only counted on the snapshot.
    /// </summary>
    public async Task<RevisionPage> ListLargestRevisionsAsync(long snapshotId, int offset, int limit, CancellationToken cancellationToken)
    {
        var snapshot = await new StoreQueries(dataSource, catalog).GetSnapshotAsync(snapshotId, cancellationToken);
        if (snapshot is null || catalog.Find(snapshot.Dataset) is not { } descriptor || snapshot.Status == "rejected")
        {
            return new RevisionPage([], 0);
        }

        // A published snapshot's old and new versions come from one scan of the versions it opened or closed, paired by a
        // window rather than a join: right after a bulk publish the planner has no statistics for either side and chose
        // a nested loop over them (seconds for a release's 4,589 revisions). A quarantined one's parked diff is joined to
        // the current versions through their unique index, one lookup per key.
        var changes = snapshot.Status == "quarantined"
            ? """
              ch AS (
                  SELECT p.period, p.key, p.attributes, v.measures AS old_measures, p.measures AS new_measures
                  FROM ingestion.pending_changes p
                  JOIN ingestion.versions v ON v.dataset = @dataset AND v.period = p.period AND v.key = p.key AND v.valid_to IS NULL
                  WHERE p.snapshot_id = @id AND p.change = 'revised'),
              """
            : """
              paired AS (
                  SELECT v.period, v.key, v.attributes, v.valid_from, v.measures AS new_measures,
                         lag(v.measures) OVER (PARTITION BY v.period, v.key ORDER BY v.valid_from) AS old_measures,
                         lag(v.valid_to) OVER (PARTITION BY v.period, v.key ORDER BY v.valid_from) AS old_valid_to
                  FROM ingestion.versions v
                  WHERE v.dataset = @dataset AND (v.valid_from = @id OR v.valid_to = @id)),
              ch AS (
                  SELECT period, key, attributes, old_measures, new_measures FROM paired
                  WHERE valid_from = @id AND old_valid_to = @id),
              """;
        await using var command = dataSource.CreateCommand($"""
            WITH {changes}
            m AS (
                SELECT ch.period, ch.key, ch.attributes, m.measure, m.old_value, m.new_value
                FROM ch CROSS JOIN LATERAL ({ReadContractSql.ChangedMeasures(descriptor)}) m)
            SELECT {ReadContractSql.Year(descriptor, "m.period")},
                   {ReadContractSql.Iso(descriptor, CountryRole.Origin, "m.key", "m.attributes")},
                   {ReadContractSql.Iso(descriptor, CountryRole.Asylum, "m.key", "m.attributes")},
                   {ReadContractSql.DetailJson(descriptor, "m.key", "m.period")}::text,
                   m.measure, m.old_value, m.new_value, count(*) OVER ()
            FROM m
            ORDER BY abs(coalesce(m.new_value, 0) - coalesce(m.old_value, 0)) DESC, m.period, m.key, m.measure
            OFFSET @offset LIMIT @limit
            """);
        command.Parameters.AddWithValue("dataset", descriptor.Name);
        command.Parameters.AddWithValue("id", snapshotId);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", limit);
        long total = 0;
        var rows = await StoreQueries.ReadAllAsync(command, r =>
        {
            total = r.GetInt64(7);
            return new RevisionRecord(descriptor.Name, snapshotId, r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1),
                r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3) is "{}" ? "" : r.GetString(3), r.IsDBNull(4) ? "" : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6), "revised");
        }, cancellationToken);
        return new RevisionPage(rows, total);
    }

    /// <summary>
    /// The series per published snapshot and period: the measure summed over the versions current after that snapshot
    /// whose key matches the filter. Filtering on the first key dimensions uses the partition's ((key[1]), (key[2])) index.
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>> ReadSeriesAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        var descriptor = catalog.Get(query.Dataset);
        var measure = descriptor.MeasureIndex(query.Measure) + 1;
        var filters = query.Filter.Select((f, i) => (Index: descriptor.KeyIndex(f.Key) + 1, Parameter: $"k{i}", f.Value)).ToList();
        var where = string.Concat(filters.Select(f => $" AND v.key[{ReadContractSql.Number(f.Index)}] = @{f.Parameter}"));
        // Versions are first summed per (period, lifetime): one pass over the dataset's versions into a few hundred groups
        // (most rows of a release share its lifetime), which are then matched to the snapshots they were current in.
        // Joining every version to every snapshot instead took 300 ms for an unfiltered series of unhcr.population.
        await using var command = dataSource.CreateCommand($"""
            WITH g AS (
                SELECT v.period, v.valid_from, v.valid_to, sum(v.measures[{ReadContractSql.Number(measure)}]) AS total
                FROM ingestion.versions v
                WHERE v.dataset = @dataset{where}
                GROUP BY v.period, v.valid_from, v.valid_to)
            SELECT s.snapshot_id, g.period, sum(g.total)::bigint
            FROM ingestion.snapshots s
            JOIN g ON g.valid_from <= s.snapshot_id AND (g.valid_to IS NULL OR g.valid_to > s.snapshot_id)
            WHERE s.dataset = @dataset AND s.status = 'published'
            GROUP BY s.snapshot_id, g.period
            ORDER BY s.snapshot_id, g.period
            """);
        command.Parameters.AddWithValue("dataset", descriptor.Name);
        foreach (var filter in filters)
        {
            command.Parameters.AddWithValue(filter.Parameter, filter.Value);
        }

        return await StoreQueries.ReadAllAsync(command, r => new SeriesPoint(r.GetInt64(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetInt64(2)), cancellationToken);
    }
}
