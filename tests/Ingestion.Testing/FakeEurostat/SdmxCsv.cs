using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// Writes a data answer as Eurostat does (EUROSTAT-API.md §3): SDMX-CSV 1.0, LF line endings, no quoting, header
/// <c>DATAFLOW,LAST UPDATE,&lt;dimensions&gt;,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS</c>, empty fields for a value
/// not available and for absent attributes; gzip-compressed when asked. Rows are encoded in chunks and written
/// asynchronously as they are produced, so a full-size year streams into the response instead of being buffered
/// (Kestrel forbids synchronous writes, which rules out a <see cref="StreamWriter"/> over the response).
/// </summary>
internal static class SdmxCsv
{
    public const string ContentType = "application/vnd.sdmx.data+csv;version=1.0.0";

    private const int FlushAt = 16 * 1024;

    /// <param name="rename">A header column renamed (a schema drift fault), or null.</param>
    public static async Task WriteAsync(
        Stream destination, IEurostatFlow flow, EurostatQuery query, bool compressed, (string From, string To)? rename, CancellationToken cancellationToken)
    {
        if (!compressed)
        {
            await WriteCsvAsync(destination, flow, query, rename, cancellationToken);
            return;
        }

        await using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        await WriteCsvAsync(gzip, flow, query, rename, cancellationToken);
    }

    /// <summary>The header line's columns, in order.</summary>
    public static IEnumerable<string> Header(EurostatFlowDefinition definition) =>
        ["DATAFLOW", "LAST UPDATE", .. definition.Dimensions, "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS"];

    private static async Task WriteCsvAsync(
        Stream destination, IEurostatFlow flow, EurostatQuery query, (string From, string To)? rename, CancellationToken cancellationToken)
    {
        var header = Header(flow.Definition).Select(c => rename is { } r && c == r.From ? r.To : c);
        var text = new StringBuilder(FlushAt + 1024);
        text.AppendJoin(',', header).Append('\n');
        var prefix = $"{flow.Definition.DataflowReference},{flow.LastUpdate.ToString("dd/MM/yy HH:mm:ss", CultureInfo.InvariantCulture)},";
        var buffer = new byte[Encoding.UTF8.GetMaxByteCount(8000)];
        foreach (var observation in flow.Matching(query))
        {
            text.Append(prefix);
            foreach (var code in observation.Key)
            {
                text.Append(code).Append(',');
            }

            text.Append(observation.TimePeriod).Append(',');
            if (observation.Value is { } value)
            {
                text.Append(value);
            }

            text.Append(',').Append(observation.ObsFlag).Append(',').Append(observation.ConfStatus).Append('\n');
            if (text.Length >= FlushAt)
            {
                await FlushAsync(text, destination, buffer, cancellationToken);
            }
        }

        await FlushAsync(text, destination, buffer, cancellationToken);
    }

    private static async Task FlushAsync(StringBuilder text, Stream destination, byte[] buffer, CancellationToken cancellationToken)
    {
        foreach (var chunk in text.GetChunks())
        {
            // A StringBuilder chunk holds at most 8000 characters, which the buffer fits.
            for (var start = 0; start < chunk.Length; start += 8000)
            {
                var slice = chunk.Slice(start, Math.Min(8000, chunk.Length - start));
                var length = Encoding.UTF8.GetBytes(slice.Span, buffer);
                await destination.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
            }
        }

        text.Clear();
    }
}
