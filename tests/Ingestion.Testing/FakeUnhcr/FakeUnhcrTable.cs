using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Ingestion.Core.Model;
using Ingestion.Sources.Unhcr;

namespace Ingestion.Testing.FakeUnhcr;

/// <summary>
/// One UNHCR table from <c>../shared/data/unhcr-refugees-r/&lt;release&gt;/</c>, turned into API items the way
/// the live API sends them (see <see cref="FakeUnhcrItems"/>), sorted by year (stable), serialized once and
/// cached per process. A release folder that lacks a table (2025.06.0 ships only population) falls back to 2025.12.1.
/// </summary>
public sealed class FakeUnhcrTable
{
    public const string LatestRelease = "2025.12.1";

    /// <summary>API endpoint (path segment) → CSV file and dataset.</summary>
    public static readonly IReadOnlyDictionary<string, (string File, DatasetDescriptor Dataset)> Endpoints =
        new Dictionary<string, (string, DatasetDescriptor)>(StringComparer.Ordinal)
        {
            ["population"] = ("population.csv", UnhcrDatasets.Population),
            ["asylum-applications"] = ("asylum_applications.csv", UnhcrDatasets.AsylumApplications),
            ["asylum-decisions"] = ("asylum_decisions.csv", UnhcrDatasets.AsylumDecisions),
            ["demographics"] = ("demographics.csv", UnhcrDatasets.Demographics),
            ["solutions"] = ("solutions.csv", UnhcrDatasets.Solutions),
            ["idmc"] = ("idmc.csv", UnhcrDatasets.Idmc),
            ["unrwa"] = ("unrwa.csv", UnhcrDatasets.Unrwa),
            ["countries"] = ("countries.csv", UnhcrDatasets.Countries),
        };

    private static readonly ConcurrentDictionary<string, Lazy<FakeUnhcrTable>> Cache = new(StringComparer.Ordinal);

    private readonly int[] _years;
    private readonly byte[][] _items;

    private FakeUnhcrTable(string path, int[] years, byte[][] items)
    {
        Path = path;
        _years = years;
        _items = items;
    }

    /// <summary>The CSV file this table was read from.</summary>
    public string Path { get; }

    public int Count => _items.Length;

    public static FakeUnhcrTable Load(string release, string endpoint)
    {
        if (!Endpoints.TryGetValue(endpoint, out var entry))
        {
            throw new ArgumentException($"The fake UNHCR API has no endpoint '{endpoint}'.", nameof(endpoint));
        }

        var folder = SharedData.File("unhcr-refugees-r", release);
        var path = System.IO.Path.Combine(folder, entry.File);
        if (!File.Exists(path))
        {
            path = SharedData.File("unhcr-refugees-r", LatestRelease, entry.File);
        }

        return Cache.GetOrAdd(path, p => new Lazy<FakeUnhcrTable>(() => Build(p, entry.Dataset))).Value;
    }

    /// <summary>Item range for the year window (both bounds, or neither for the whole table).</summary>
    public (int Start, int Count) Range(int? yearFrom, int? yearTo)
    {
        if (yearFrom is null || yearTo is null)
        {
            return (0, _items.Length);
        }

        var start = LowerBound(yearFrom.Value);
        var end = LowerBound(yearTo.Value + 1);
        return (start, Math.Max(0, end - start));
    }

    /// <summary>
    /// Writes page <paramref name="page"/> of the range at <paramref name="limit"/> items per page, envelope
    /// <c>page, short-url, maxPages, total, items</c>. <paramref name="repeat"/> serves the range that many times over.
    /// Returns the number of bytes written (equal to <see cref="PageLength"/>).
    /// </summary>
    public long WritePage(IBufferWriter<byte> output, (int Start, int Count) range, int limit, int page, int repeat = 1)
    {
        ArgumentNullException.ThrowIfNull(output);
        var header = Header(range, limit, page, repeat);
        output.Write(header);
        long written = header.Length + 2;
        var (first, last) = Slice(range, limit, page, repeat);
        for (var i = first; i < last; i++)
        {
            if (i > first)
            {
                output.Write(","u8);
                written++;
            }

            var item = _items[range.Start + (int)(i % range.Count)];
            output.Write(item);
            written += item.Length;
        }

        output.Write("]}"u8);
        return written;
    }

    /// <summary>The byte length of the page <see cref="WritePage"/> writes (for Content-Length).</summary>
    public long PageLength((int Start, int Count) range, int limit, int page, int repeat = 1)
    {
        var (first, last) = Slice(range, limit, page, repeat);
        long length = Header(range, limit, page, repeat).Length + 2 + Math.Max(0, last - first - 1);
        for (var i = first; i < last; i++)
        {
            length += _items[range.Start + (int)(i % range.Count)].Length;
        }

        return length;
    }

    private static (long First, long Last) Slice((int Start, int Count) range, int limit, int page, int repeat)
    {
        var first = (long)(page - 1) * limit;
        return (first, Math.Max(first, Math.Min((long)range.Count * repeat, first + limit)));
    }

    private static byte[] Header((int Start, int Count) range, int limit, int page, int repeat)
    {
        var total = (long)range.Count * repeat;
        var maxPages = total == 0 ? 0 : (total + limit - 1) / limit;
        return System.Text.Encoding.UTF8.GetBytes(
            $"{{\"page\":{page},\"short-url\":\"Fk{range.Start % 10000:D4}\",\"maxPages\":{maxPages},\"total\":[],\"items\":[");
    }

    private int LowerBound(int year)
    {
        int low = 0, high = _years.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_years[mid] < year)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static FakeUnhcrTable Build(string path, DatasetDescriptor dataset)
    {
        var csv = CsvTable.Load(path);
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        var items = new List<(int Year, byte[] Item)>(csv.Rows.Count);
        foreach (var row in csv.Rows)
        {
            buffer.ResetWrittenCount();
            writer.Reset();
            var year = FakeUnhcrItems.Write(writer, csv, row, dataset);
            writer.Flush();
            items.Add((year, buffer.WrittenSpan.ToArray()));
        }

        var sorted = items.OrderBy(i => i.Year).ToList();
        return new FakeUnhcrTable(path, [.. sorted.Select(i => i.Year)], [.. sorted.Select(i => i.Item)]);
    }
}
