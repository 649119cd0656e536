using Ingestion.Core.Model;
using Ingestion.Core.Rows;
using Ingestion.Postgres.Store;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing.Postgres;
using Npgsql;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>
/// The hand-written binary COPY encoding, read back by PostgreSQL itself: whatever a row holds — nulls among the
/// measures and attributes, empty arrays, text beyond ASCII, rows larger than a write — must land exactly as given.
/// </summary>
public sealed class RowCopyWriterTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string Table = """
        CREATE TEMP TABLE copied (
            dataset text, period integer, key text[], measures bigint[], attributes text[], suppressed_mask bigint, row_hash bytea, valid_from bigint)
        """;

    [Fact]
    public async Task WriteAsync_VersionsWithNullsEmptyArraysAndNonAsciiText_LandAsGiven()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        await Execute(connection, Table);
        var longName = string.Concat(Enumerable.Repeat("Côte d’Ivoire ✓ ", 40_000)); // 640,000 characters: beyond a write
        HashedRow[] rows =
        [
            new(new StatRow(2025, ["CHN", "USA"], [147_909, null, 0, -5], ["Chine", null, "Ελλάδα"], SuppressedMask: 2), UInt128.MaxValue),
            new(new StatRow(0, ["AFG"], [], []), new UInt128(0, 1)),
            new(new StatRow(-1, [], [null], [longName]), new UInt128(0x0102030405060708, 0x090A0B0C0D0E0F10)),
        ];

        await using (var writer = await RowCopyWriter.BeginAsync(connection, "pg_temp.copied", new VersionColumns("unhcr.pop\u00e9", 42), "", ct))
        {
            foreach (var row in rows)
            {
                await writer.WriteAsync(row, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using var read = new NpgsqlCommand("""
            SELECT dataset, period, key::text, measures::text, attributes::text, suppressed_mask, encode(row_hash, 'hex'), valid_from,
                   length(attributes[1]), cardinality(key), cardinality(measures)
            FROM pg_temp.copied ORDER BY period DESC
            """, connection);
        await using var reader = await read.ExecuteReaderAsync(ct);
        var text = await RowText.ReadAllAsync(reader, ct);

        Assert.Equal(
            [
                "unhcr.popé|2025|{CHN,USA}|{147909,NULL,0,-5}|{Chine,NULL,Ελλάδα}|2|ffffffffffffffffffffffffffffffff|42|5|2|4",
                "unhcr.popé|0|{AFG}|{}|{}|0|00000000000000000000000000000001|42||1|0",
                $"unhcr.popé|-1|{{}}|{{NULL}}|{{\"{longName}\"}}|0|0102030405060708090a0b0c0d0e0f10|42|640000|0|1",
            ],
            text);
    }

    [Fact]
    public async Task WriteAsync_StagedRowsInManyWrites_AllArriveInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        await Execute(connection, "CREATE TEMP TABLE staged (period integer, key text[], measures bigint[], attributes text[], suppressed_mask bigint, row_hash bytea)");

        await using (var writer = await RowCopyWriter.BeginAsync(connection, "pg_temp.staged", null, "", ct))
        {
            for (var i = 0; i < 50_000; i++)
            {
                await writer.WriteAsync(new HashedRow(new StatRow(i, [$"K{i}"], [i], ["a"]), (UInt128)i), ct);
            }

            await writer.CompleteAsync(ct);
        }

        Assert.Equal(
            ["50000|1249975000|1249975000|0"],
            await Rows(connection, "SELECT count(*), sum(period), sum(measures[1]), count(*) FILTER (WHERE key[1] <> 'K' || period) FROM pg_temp.staged"));
    }

    [Fact]
    public async Task DisposeAsync_NotCompleted_DiscardsTheRowsAndLeavesTheConnectionUsable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        await Execute(connection, "CREATE TEMP TABLE staged (period integer, key text[], measures bigint[], attributes text[], suppressed_mask bigint, row_hash bytea)");

        await using (var writer = await RowCopyWriter.BeginAsync(connection, "pg_temp.staged", null, "", ct))
        {
            await writer.WriteAsync(new HashedRow(new StatRow(2025, ["X"], [1], []), UInt128.One), ct);
        }

        Assert.Equal(["0"], await Rows(connection, "SELECT count(*) FROM pg_temp.staged"));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<List<string>> Rows(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        return await RowText.ReadAllAsync(reader, TestContext.Current.CancellationToken);
    }
}
