using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ingestion.Core.Model;
using Ingestion.Core.Publishing;
using Ingestion.Core.Quality;
using Ingestion.Core.Rows;
using Npgsql;
using NpgsqlTypes;

namespace Ingestion.Postgres.Tests.Migrations;

/// <summary>A run the old store recorded: its run row, the snapshot it made (null when unchanged) and the diff counts.</summary>
internal sealed record LegacyRun(long RunId, long? SnapshotId, string Status, long RowCount, DiffCounts Counts);

/// <summary>
/// Writes schema version 5's layout with plain SQL, the way the store of that version did (git show
/// be52f8b^:src/Ingestion.Postgres/Store/…): a run row started from pg_stat_activity and finished by the ledger's
/// UPDATE; an unchanged release recognised by its content hash (SHA-256 over the sorted row hashes); a first publish
/// COPYed straight into <c>ingestion.versions</c>; later ones staged by binary COPY, diffed into <c>run_diff</c> by the
/// hash full join, applied by closing (valid_to) and opening versions, or parked in <c>ingestion.pending_changes</c>
/// when quarantined. Rows are (year, origin, asylum, detail[]) with the old RowEncoder's hash; reference data is
/// (0, code, "", {}). Runs cover all years.
/// </summary>
internal sealed class LegacyStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions ReportJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public Task<LegacyRun> PublishAsync(DatasetDescriptor dataset, IReadOnlyList<StatRow> rows, CancellationToken cancellationToken) =>
        RunAsync(dataset, rows, quarantine: false, cancellationToken);

    /// <summary>A run the quality gate stops: its diff is parked, nothing current changes. Throws if the gate would pass it.</summary>
    public Task<LegacyRun> QuarantineAsync(DatasetDescriptor dataset, IReadOnlyList<StatRow> rows, CancellationToken cancellationToken) =>
        RunAsync(dataset, rows, quarantine: true, cancellationToken);

    /// <summary>The old RowEncoder.Hash: XxHash128 over year, origin, asylum, detail, measures, attributes and suppression mask.</summary>
    public static byte[] OldRowHash(DatasetDescriptor dataset, StatRow row)
    {
        var old = LegacyRow.Of(dataset, row);
        var input = new ArrayBufferWriter<byte>(1024);
        AppendInt64(input, old.Year);
        AppendText(input, old.Origin);
        AppendText(input, old.Asylum);
        foreach (var detail in old.Detail)
        {
            AppendText(input, detail);
        }

        foreach (var measure in row.Measures)
        {
            AppendInt64(input, measure is null ? 0 : 1);
            AppendInt64(input, measure ?? 0);
        }

        foreach (var attribute in row.Attributes)
        {
            AppendText(input, attribute);
        }

        AppendInt64(input, row.SuppressedMask);
        return XxHash128.Hash(input.WrittenSpan);
    }

    private async Task<LegacyRun> RunAsync(DatasetDescriptor dataset, IReadOnlyList<StatRow> rows, bool quarantine, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var staged = rows.Select(r => (Row: LegacyRow.Of(dataset, r), Hash: OldRowHash(dataset, r))).ToList();
        var contentSha256 = ContentSha256(staged.Select(s => s.Hash));
        var runId = await StartRunAsync(connection, dataset, ct);
        var (baseSnapshotId, baseSha256) = await LatestPublishedAsync(connection, dataset, ct);
        if (baseSha256 == contentSha256)
        {
            await FinishRunAsync(connection, null, runId, "unchanged", null, DiffCounts.None, rows.Count, ct);
            return new LegacyRun(runId, null, "unchanged", rows.Count, DiffCounts.None);
        }

        var (rowsBefore, latestYear) = await CurrentScopeAsync(connection, dataset, ct);
        var direct = rowsBefore == 0 && rows.Count > 0;
        DiffCounts counts;
        if (direct)
        {
            counts = new DiffCounts(rows.Count, 0, 0);
        }
        else
        {
            await StageAsync(connection, staged, ct);
            counts = await DiffAsync(connection, dataset, ct);
        }

        QualityReport? report = null;
        if (quarantine)
        {
            var profile = new BatchProfile(dataset);
            foreach (var row in rows)
            {
                profile.Add(row, default);
            }

            report = QualityGate.Evaluate(new QualityGateOptions(), new ScopeComparison(baseSnapshotId, rowsBefore, latestYear, counts, []), profile, dataset.HasPeriod);
            if (report.Passed || direct)
            {
                throw new InvalidOperationException($"The gate would not stop this run of {dataset.Name}.");
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        long snapshotId;
        await using (var next = new NpgsqlCommand("SELECT nextval('ingestion.snapshot_ids')", connection, transaction))
        {
            snapshotId = (long)(await next.ExecuteScalarAsync(ct))!;
        }

        if (report is null)
        {
            if (direct)
            {
                await CopyIntoVersionsAsync(connection, dataset, staged, snapshotId, ct);
            }
            else
            {
                await ApplyDiffAsync(connection, transaction, dataset, snapshotId, counts, ct);
            }
        }

        await InsertSnapshotAsync(connection, transaction, dataset, snapshotId, runId, contentSha256, rows.Count, counts, report, baseSnapshotId, ct);
        if (report is not null)
        {
            await using var park = new NpgsqlCommand("""
                INSERT INTO ingestion.pending_changes (snapshot_id, change, year, origin, asylum, detail, measures, attributes, suppressed_mask, row_hash)
                SELECT @snapshot_id, change, year, origin, asylum, detail, measures, attributes, suppressed_mask, row_hash
                FROM pg_temp.run_diff
                """, connection, transaction);
            park.Parameters.AddWithValue("snapshot_id", snapshotId);
            await park.ExecuteNonQueryAsync(ct);
        }

        var status = report is null ? "published" : "quarantined";
        await FinishRunAsync(connection, transaction, runId, status, snapshotId, counts, rows.Count, ct);
        await transaction.CommitAsync(ct);
        return new LegacyRun(runId, snapshotId, status, rows.Count, counts);
    }

    private static async Task<long> StartRunAsync(NpgsqlConnection connection, DatasetDescriptor dataset, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO ingestion.runs (dataset, trigger, status, started_at, finished_at, year_from, year_to, error,
                                        reprocess_of, backend_pid, backend_start)
            SELECT @dataset, 'manual', 'running', now(), NULL, NULL, NULL, NULL, NULL, a.pid, a.backend_start
            FROM pg_stat_activity a
            WHERE a.pid = pg_backend_pid()
            RETURNING run_id
            """, connection);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task FinishRunAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, long runId, string status, long? snapshotId, DiffCounts counts, long rows, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE ingestion.runs
            SET status = @status, finished_at = clock_timestamp(), pages = @pages, rows_read = @rows_read, snapshot_id = @snapshot_id,
                error = NULL, dry_run = false, dry_run_outcome = NULL, added = @added, revised = @revised, removed = @removed
            WHERE run_id = @run_id AND status = 'running'
            """, connection, transaction);
        command.Parameters.AddWithValue("run_id", runId);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("pages", (rows + 9_999) / 10_000);
        command.Parameters.AddWithValue("rows_read", rows);
        command.Parameters.Add(new NpgsqlParameter("snapshot_id", NpgsqlDbType.Bigint) { Value = (object?)snapshotId ?? DBNull.Value });
        command.Parameters.AddWithValue("added", counts.Added);
        command.Parameters.AddWithValue("revised", counts.Revised);
        command.Parameters.AddWithValue("removed", counts.Removed);
        if (await command.ExecuteNonQueryAsync(ct) != 1)
        {
            throw new InvalidOperationException($"Run {runId} was not running.");
        }
    }

    private static async Task<(long? SnapshotId, string? ContentSha256)> LatestPublishedAsync(NpgsqlConnection connection, DatasetDescriptor dataset, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT s.snapshot_id, s.content_sha256 FROM ingestion.snapshots s
            WHERE s.dataset = @dataset AND s.status = 'published'
            ORDER BY s.snapshot_id DESC
            LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (null, null);
    }

    private static async Task<(long Rows, int? LatestYear)> CurrentScopeAsync(NpgsqlConnection connection, DatasetDescriptor dataset, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*), max(v.year) FROM ingestion.versions v WHERE v.dataset = @dataset AND v.valid_to IS NULL", connection);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
    }

    private static async Task StageAsync(NpgsqlConnection connection, List<(LegacyRow Row, byte[] Hash)> staged, CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand("""
            DROP TABLE IF EXISTS pg_temp.run_staging;
            CREATE TEMP TABLE run_staging (
                year            integer NOT NULL,
                origin          text    NOT NULL,
                asylum          text    NOT NULL,
                detail          text[]  NOT NULL DEFAULT '{}',
                measures        bigint[] NOT NULL,
                attributes      text[]  NOT NULL,
                suppressed_mask bigint  NOT NULL,
                row_hash        bytea   NOT NULL
            );
            """, connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using var importer = await connection.BeginBinaryImportAsync("""
            COPY pg_temp.run_staging (year, origin, asylum, detail, measures, attributes, suppressed_mask, row_hash)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var (row, hash) in staged)
        {
            await importer.StartRowAsync(ct);
            await WriteRowAsync(importer, row, hash, ct);
        }

        await importer.CompleteAsync(ct);
    }

    private static async Task<DiffCounts> DiffAsync(NpgsqlConnection connection, DatasetDescriptor dataset, CancellationToken ct)
    {
        await using (var command = new NpgsqlCommand("""
            DROP TABLE IF EXISTS pg_temp.run_diff;
            CREATE TEMP TABLE run_diff AS
            SELECT CASE WHEN c.row_hash IS NULL THEN 'added' WHEN s.row_hash IS NULL THEN 'removed' ELSE 'revised' END AS change,
                   coalesce(s.year, c.year) AS year, coalesce(s.origin, c.origin) AS origin,
                   coalesce(s.asylum, c.asylum) AS asylum, coalesce(s.detail, c.detail) AS detail,
                   s.measures, s.attributes, s.suppressed_mask, s.row_hash
            FROM pg_temp.run_staging s
            FULL JOIN (SELECT v.year, v.origin, v.asylum, v.detail, v.row_hash FROM ingestion.versions v
                       WHERE v.dataset = @dataset AND v.valid_to IS NULL) c
                ON c.year = s.year AND c.origin = s.origin AND c.asylum = s.asylum AND c.detail = s.detail
            WHERE c.row_hash IS DISTINCT FROM s.row_hash
            """, connection))
        {
            command.Parameters.AddWithValue("dataset", dataset.Name);
            await command.ExecuteNonQueryAsync(ct);
        }

        await using var count = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE change = 'added'), count(*) FILTER (WHERE change = 'revised'),
                   count(*) FILTER (WHERE change = 'removed')
            FROM pg_temp.run_diff
            """, connection);
        await using var reader = await count.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DiffCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task ApplyDiffAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DatasetDescriptor dataset, long snapshotId, DiffCounts counts, CancellationToken ct)
    {
        await using (var close = new NpgsqlCommand("""
            UPDATE ingestion.versions v
            SET valid_to = @snapshot_id
            FROM pg_temp.run_diff d
            WHERE d.change IN ('revised', 'removed') AND v.dataset = @dataset AND v.valid_to IS NULL
              AND v.year = d.year AND v.origin = d.origin AND v.asylum = d.asylum AND v.detail = d.detail
            """, connection, transaction))
        {
            close.Parameters.AddWithValue("dataset", dataset.Name);
            close.Parameters.AddWithValue("snapshot_id", snapshotId);
            if (await close.ExecuteNonQueryAsync(ct) != counts.Revised + counts.Removed)
            {
                throw new InvalidOperationException($"Publishing {dataset.Name}: closed a different number of versions than the diff has.");
            }
        }

        await using var open = new NpgsqlCommand("""
            INSERT INTO ingestion.versions (dataset, year, origin, asylum, detail, measures, attributes, suppressed_mask, row_hash, valid_from)
            SELECT @dataset, d.year, d.origin, d.asylum, d.detail, d.measures, d.attributes, d.suppressed_mask, d.row_hash, @snapshot_id
            FROM pg_temp.run_diff d
            WHERE d.change IN ('added', 'revised')
            """, connection, transaction);
        open.Parameters.AddWithValue("dataset", dataset.Name);
        open.Parameters.AddWithValue("snapshot_id", snapshotId);
        await open.ExecuteNonQueryAsync(ct);
    }

    private static async Task CopyIntoVersionsAsync(
        NpgsqlConnection connection, DatasetDescriptor dataset, List<(LegacyRow Row, byte[] Hash)> staged, long snapshotId, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync("""
            COPY ingestion.versions (dataset, year, origin, asylum, detail, measures, attributes, suppressed_mask, row_hash, valid_from)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var (row, hash) in staged)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(dataset.Name, NpgsqlDbType.Text, ct);
            await WriteRowAsync(importer, row, hash, ct);
            await importer.WriteAsync(snapshotId, NpgsqlDbType.Bigint, ct);
        }

        await importer.CompleteAsync(ct);
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter importer, LegacyRow row, byte[] hash, CancellationToken ct)
    {
        await importer.WriteAsync(row.Year, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(row.Origin, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(row.Asylum, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(row.Detail, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await importer.WriteAsync(row.Measures, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(row.Attributes, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await importer.WriteAsync(row.SuppressedMask, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(hash, NpgsqlDbType.Bytea, ct);
    }

    private static async Task InsertSnapshotAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DatasetDescriptor dataset, long snapshotId, long runId, string contentSha256,
        long rowCount, DiffCounts counts, QualityReport? report, long? baseSnapshotId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO ingestion.snapshots (snapshot_id, dataset, status, run_id, created_at, published_at, year_from, year_to,
                                             content_sha256, row_count, added, revised, removed, quality_report, base_snapshot_id)
            VALUES (@snapshot_id, @dataset, @status, @run_id, now(), CASE WHEN @status = 'published' THEN now() END, NULL, NULL,
                    @content_sha256, @row_count, @added, @revised, @removed, @quality_report, @base_snapshot_id)
            """, connection, transaction);
        command.Parameters.AddWithValue("snapshot_id", snapshotId);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        command.Parameters.AddWithValue("status", report is null ? "published" : "quarantined");
        command.Parameters.AddWithValue("run_id", runId);
        command.Parameters.AddWithValue("content_sha256", contentSha256);
        command.Parameters.AddWithValue("row_count", rowCount);
        command.Parameters.AddWithValue("added", counts.Added);
        command.Parameters.AddWithValue("revised", counts.Revised);
        command.Parameters.AddWithValue("removed", counts.Removed);
        command.Parameters.Add(new NpgsqlParameter("quality_report", NpgsqlDbType.Jsonb)
        {
            Value = report is null ? DBNull.Value : JsonSerializer.Serialize(report, ReportJson),
        });
        command.Parameters.Add(new NpgsqlParameter("base_snapshot_id", NpgsqlDbType.Bigint) { Value = (object?)baseSnapshotId ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The old StagingTable.ContentSha256: SHA-256 over the row hashes sorted as 128-bit numbers.</summary>
    private static string ContentSha256(IEnumerable<byte[]> rowHashes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var rowHash in rowHashes.OrderBy(h => BinaryPrimitives.ReadUInt128BigEndian(h)))
        {
            hash.AppendData(rowHash);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendInt64(ArrayBufferWriter<byte> input, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(input.GetSpan(8), value);
        input.Advance(8);
    }

    private static void AppendText(ArrayBufferWriter<byte> input, string? text)
    {
        if (text is null)
        {
            AppendInt64(input, -1);
            return;
        }

        var span = input.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 8);
        var written = Encoding.UTF8.GetBytes(text, span[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(span, written);
        input.Advance(written + 8);
    }

    /// <summary>A row in the old StatRow shape: reference data is (0, its code, "", {}).</summary>
    private sealed record LegacyRow(int Year, string Origin, string Asylum, string[] Detail, long?[] Measures, string?[] Attributes, long SuppressedMask)
    {
        public static LegacyRow Of(DatasetDescriptor dataset, StatRow row) => dataset.HasPeriod
            ? new(row.Period, row.Key[0], row.Key[1], row.Key[2..], row.Measures, row.Attributes, row.SuppressedMask)
            : new(0, row.Key[0], "", [], row.Measures, row.Attributes, row.SuppressedMask);
    }
}
