using Ingestion.Sources.Unhcr;
using System.Text;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Core.Runs;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing.Postgres;

namespace Ingestion.Postgres.Tests.Archive;

/// <summary>Raw pages are stored once per content (gzip, SHA-256) and read back per run in page order.</summary>
public sealed class RawPageArchiveTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ArchiveAsync_SamePagesInTwoRuns_StoredOnceAndReadBackInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        var request = new RunRequest(UnhcrDatasets.Unrwa, RunTrigger.Manual, YearScope.All);
        var body1 = Encoding.UTF8.GetBytes("{\"page\":1,\"items\":[" + string.Concat(Enumerable.Repeat("{\"year\":2020},", 500)) + "{}]}");
        var body2 = Encoding.UTF8.GetBytes("{\"page\":2,\"items\":[]}");
        long firstRun, secondRun;
        await using (var first = (await store.TryBeginRunAsync(request, ct))!)
        {
            firstRun = first.RunId;
            await first.Archive.ArchiveAsync(new RawPage("unhcr.unrwa", 2, "https://api.example/unrwa/?page=2", body2), ct);
            await first.Archive.ArchiveAsync(new RawPage("unhcr.unrwa", 1, "https://api.example/unrwa/?page=1", body1), ct);
            await first.FailAsync("archive test", new FetchStatistics(), ct);
        }

        await using (var second = (await store.TryBeginRunAsync(request with { Trigger = RunTrigger.Reprocess, ReprocessOf = firstRun }, ct))!)
        {
            secondRun = second.RunId;
            await second.Archive.ArchiveAsync(new RawPage("unhcr.unrwa", 1, "https://api.example/unrwa/?page=1", body1), ct);
            await second.FailAsync("archive test", new FetchStatistics(), ct);
        }

        var pages = await store.ReadArchivedPagesAsync(firstRun, ct).ToListAsync(ct);

        Assert.Equal([1, 2], pages.Select(p => p.PageNumber));
        Assert.Equal(body1, pages[0].Content.ToArray());
        Assert.Equal(body2, pages[1].Content.ToArray());
        Assert.Equal(("unhcr.unrwa", "https://api.example/unrwa/?page=1"), (pages[0].Dataset, pages[0].RequestUri));
        // Counted for these two runs only: the class's other tests archive pages in the same database.
        var runs = ("runs", (object)new[] { firstRun, secondRun });
        Assert.Equal(2L, await database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM ingestion.raw_pages WHERE sha256 IN (SELECT sha256 FROM ingestion.run_pages WHERE run_id = ANY(@runs))", runs));
        Assert.Equal(3L, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM ingestion.run_pages WHERE run_id = ANY(@runs)", runs));
        Assert.True(await database.DataSource.ScalarAsync<int>("SELECT length(gzip) FROM ingestion.raw_pages WHERE byte_length = @n", ("n", body1.Length)) < body1.Length / 5);
    }

    /// <summary>Eurostat sends gzip: it is kept byte for byte, framed rather than compressed a second time.</summary>
    [Fact]
    public async Task ArchiveAsync_GzipBody_ReadBackByteForByteAndNotCompressedTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Stores.Create(database.DataSource);
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"ESTAT:MIGR_ASYAPPCTZA(1.0),A,PER,C{i % 207},T,FRST,TOTAL,DE,2015,{i * 5},,\n"))));
        }

        var body = compressed.ToArray();
        long run;
        await using (var session = (await store.TryBeginRunAsync(new RunRequest(UnhcrDatasets.Idmc, RunTrigger.Manual, YearScope.All), ct))!)
        {
            run = session.RunId;
            await session.Archive.ArchiveAsync(new RawPage("unhcr.idmc", 1, "https://api.example/data", body), ct);
            await session.FailAsync("archive test", new FetchStatistics(), ct);
        }

        var page = Assert.Single(await store.ReadArchivedPagesAsync(run, ct).ToListAsync(ct));

        Assert.Equal(body, page.Content.ToArray());
        var stored = await database.DataSource.ScalarAsync<int>("SELECT length(gzip) FROM ingestion.raw_pages WHERE byte_length = @n", ("n", body.Length));
        Assert.InRange(stored, body.Length, body.Length + 64); // gzip header, stored-block framing and trailer only
    }

    [Fact]
    public async Task ReadArchivedPagesAsync_UnknownRun_FailsClearly()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await Stores.Create(database.DataSource).ReadArchivedPagesAsync(424_242, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal("Run 424242 does not exist.", error.Message);
    }
}
