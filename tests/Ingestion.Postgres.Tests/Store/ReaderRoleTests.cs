using Ingestion.Sources.Unhcr;
using Ingestion.Core.Model;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing;
using Ingestion.Testing.Postgres;
using Ingestion.Testing.Releases;
using Npgsql;

namespace Ingestion.Postgres.Tests.Store;

/// <summary>ingestion_reader reads the whole contract and can write nothing.</summary>
public sealed class ReaderRoleTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> ContractReads =>
    [
        .. TestCatalog.Default.All.Select(d => $"SELECT count(*) FROM stats.{d.ViewName}"),
        .. TestCatalog.Default.All.Select(d => $"SELECT count(*) FROM stats.{d.ViewName}_as_of(1)"),
        "SELECT count(*) FROM stats.revisions",
        "SELECT count(*) FROM ingestion.snapshots",
        "SELECT count(*) FROM ingestion.runs",
        // What the CLI's read verbs need (runs, snapshots, diff, datasets as ingestion_reader).
        "SELECT count(*) FROM ingestion.schema_migrations",
        "SELECT count(*) FROM ingestion.versions",
        "SELECT count(*) FROM ingestion.datasets",
        "SELECT count(*) FROM ingestion.read_contract",
    ];

    public static TheoryData<string> Writes =>
    [
        "INSERT INTO stats.unhcr_idmc (year, snapshot_id) VALUES (2000, 1)",
        "UPDATE stats.unhcr_idmc SET year = 0",
        "DELETE FROM stats.unhcr_idmc",
        "DELETE FROM stats.countries",
        "INSERT INTO ingestion.snapshots (dataset, status, run_id, created_at, content_sha256, row_count, added, revised, removed) VALUES ('x', 'published', 1, now(), '', 0, 0, 0, 0)",
        "UPDATE ingestion.runs SET status = 'failed'",
        "DELETE FROM ingestion.snapshots",
        "DELETE FROM ingestion.versions",
        "SELECT count(*) FROM ingestion.raw_pages",
        "SELECT count(*) FROM ingestion.pending_changes",
        "UPDATE ingestion.schema_migrations SET name = 'x'",
        "CREATE TABLE stats.mine (v int)",
        "UPDATE ingestion.datasets SET view_name = 'x'",
        "UPDATE ingestion.read_contract SET sql_sha256 = 'x'",
    ];

    [Theory]
    [MemberData(nameof(ContractReads))]
    public async Task Reader_ContractObject_CanRead(string sql)
    {
        await EnsureDataAsync();

        var count = await AsReaderAsync(sql);

        Assert.True(count >= 0);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Reader_WriteOrInternalObject_PermissionDenied(string sql)
    {
        await EnsureDataAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => AsReaderAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Reader_CurrentView_SeesPublishedRows()
    {
        await EnsureDataAsync();

        Assert.Equal(6L, await AsReaderAsync("SELECT count(*) FROM stats.unhcr_idmc WHERE origin_unhcr LIKE 'U%'"));
    }

    private async Task EnsureDataAsync()
    {
        if (await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM ingestion.snapshots") == 0)
        {
            await Stores.Create(database.DataSource).PublishAsync(UnhcrDatasets.Idmc, SyntheticRows.Grid(2000, 2002, 2), TestContext.Current.CancellationToken);
        }
    }

    private async Task<long> AsReaderAsync(string sql)
    {
        var rows = await database.DataSource.RowsAsync(sql, asReader: true);
        return rows.Count == 1 && long.TryParse(rows[0], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
