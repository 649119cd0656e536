using System.IO.Compression;
using System.Text;

namespace Ingestion.Sources.Tests.FakeEurostat;

/// <summary>
/// An SDMX-CSV answer of the fake as a client reads it: the gzip body (recognized by its magic bytes, since Eurostat
/// sends no Content-Encoding) decompressed, split on LF, cells read by header name.
/// </summary>
internal sealed class SdmxCsvAnswer
{
    private readonly Dictionary<string, int> _columns;

    private SdmxCsvAnswer(string[] header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
        _columns = header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
    }

    public string[] Header { get; }

    public List<string[]> Rows { get; }

    public static async Task<SdmxCsvAnswer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Parse(Decompress(body));
    }

    public static string Decompress(byte[] body)
    {
        Assert.True(body is [0x1f, 0x8b, ..], "The body is not gzip (no 1f 8b magic).");
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static SdmxCsvAnswer Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        var lines = text[..^1].Split('\n');
        return new SdmxCsvAnswer(lines[0].Split(','), [.. lines.Skip(1).Select(l => l.Split(','))]);
    }

    public string Cell(string[] row, string column) => row[_columns[column]];

    public IEnumerable<string[]> Where(params (string Column, string Value)[] cells) =>
        Rows.Where(r => cells.All(c => Cell(r, c.Column) == c.Value));
}
