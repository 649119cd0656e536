using System.Globalization;
using System.Text;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// The real Eurostat figures in <c>../shared/data/eurostat/</c> (SOURCES.md), turned from the old Data Explorer's
/// labelled exports into coded observations, so the fake serves real values in the API's format:
/// <list type="bullet">
/// <item><see cref="Applicants"/>: <c>migr_asyappctza</c> 2012–2016, first-time applicants, 204 citizenships × 34 geo
/// (34,680 observations, 2,757 not available, 926 flagged <c>d</c>, 203 <c>p</c>).</item>
/// <item><see cref="Decisions"/>: <c>migr_asydcfsta</c> 2008–2016, citizen Total/Extra-EU-28, decisions
/// Total/positive/rejected (1,836 observations, 26 not available).</item>
/// </list>
/// GEO and CITIZEN labels map through <see cref="EurostatGeoLabels"/>; the other dimensions through fixed tables.
/// A label nothing maps is an error naming every such label, never a silently dropped row.
/// The exports carry no LAST UPDATE; each release is dated at 23:00 CEST of the day it was exported.
/// </summary>
public static class EurostatRealData
{
    public const string ApplicantsFile = "dw-data_migr_asyappctza_allcitizenships.csv";
    public const string DecisionsFile = "dw-data_migr_asydcfsta_2017-04-26.csv";

    public static readonly DateTimeOffset ApplicantsLastUpdate = new(2018, 3, 27, 23, 0, 0, TimeSpan.FromHours(2));
    public static readonly DateTimeOffset DecisionsLastUpdate = new(2017, 4, 26, 23, 0, 0, TimeSpan.FromHours(2));

    private static readonly Dictionary<string, Dictionary<string, string>> FixedCodes = new(StringComparer.Ordinal)
    {
        ["SEX"] = new(StringComparer.Ordinal) { ["Total"] = "T" },
        ["AGE"] = new(StringComparer.Ordinal) { ["Total"] = "TOTAL" },
        ["ASYL_APP"] = new(StringComparer.Ordinal) { ["First time applicant"] = "FRST" },
        ["UNIT"] = new(StringComparer.Ordinal) { ["Person"] = "PER" },
        ["DECISION"] = new(StringComparer.Ordinal) { ["Total"] = "TOTAL", ["Total positive decisions"] = "POS", ["Rejected"] = "NEG" },
        ["CITIZEN"] = new(StringComparer.Ordinal) { ["Total"] = "TOTAL", ["Extra-EU-28"] = "EXT_EU28" },
    };

    private static readonly Lazy<EurostatFlowData> LazyApplicants = new(() => Load(
        SharedData.File("eurostat", ApplicantsFile), EurostatGeoLabels.Cp1252, EurostatFlowDefinition.Applicants,
        ["UNIT", "CITIZEN", "SEX", "ASYL_APP", "AGE", "GEO"], ApplicantsLastUpdate, CodelistsFromSharedData()));

    private static readonly Lazy<EurostatFlowData> LazyDecisions = new(() => Load(
        SharedData.File("eurostat", DecisionsFile), Encoding.UTF8, EurostatFlowDefinition.Decisions,
        ["UNIT", "CITIZEN", "SEX", "AGE", "DECISION", "GEO"], DecisionsLastUpdate, CodelistsFromSharedData()));

    /// <summary>The applicants export (cp1252), read once per process; skips the test when the shared data is absent.</summary>
    public static EurostatFlowData Applicants => LazyApplicants.Value;

    /// <summary>The decisions export (UTF-8), read once per process; skips the test when the shared data is absent.</summary>
    public static EurostatFlowData Decisions => LazyDecisions.Value;

    /// <summary>
    /// Reads a labelled export. <paramref name="columns"/> names, for each dimension after <c>freq</c> (always
    /// <c>A</c>), the export column holding its label.
    /// </summary>
    public static EurostatFlowData Load(
        string path, Encoding encoding, EurostatFlowDefinition definition, IReadOnlyList<string> columns, DateTimeOffset lastUpdate, EurostatGeoLabels geoLabels)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(geoLabels);
        using var lines = File.ReadLines(path, encoding).GetEnumerator();
        if (!lines.MoveNext())
        {
            throw new InvalidDataException($"{path} is empty.");
        }

        var header = Fields(lines.Current);
        var index = columns.Select(c => Column(header, c, path)).ToArray();
        var (time, value, flag) = (Column(header, "TIME", path), Column(header, "Value", path), Column(header, "Flag and Footnotes", path));
        var unmapped = new SortedSet<string>(StringComparer.Ordinal);
        var names = new Dictionary<(string, string), string>();
        var observations = new List<EurostatObservation>();
        while (lines.MoveNext())
        {
            var fields = Fields(lines.Current);
            var key = new string[columns.Count + 1];
            key[0] = "A";
            for (var i = 0; i < columns.Count; i++)
            {
                var label = fields[index[i]];
                var code = CodeFor(columns[i], label, geoLabels);
                if (code is null)
                {
                    unmapped.Add($"{columns[i]} '{label}'");
                    continue;
                }

                key[i + 1] = code;
                names.TryAdd((definition.Dimensions[i + 1], code), label);
            }

            observations.Add(new EurostatObservation(key, fields[time], Value(fields[value]), fields[flag].Length == 0 ? null : fields[flag]));
        }

        if (unmapped.Count > 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: no code for {unmapped.Count} labels: {string.Join(", ", unmapped)}.");
        }

        return new EurostatFlowData(definition, lastUpdate, observations, new EurostatLabels(names));
    }

    private static EurostatGeoLabels CodelistsFromSharedData() => EurostatGeoLabels.Load(SharedData.File("eurostat", "codelists"));

    private static string? CodeFor(string column, string label, EurostatGeoLabels geoLabels) =>
        FixedCodes.TryGetValue(column, out var fixedCodes) && fixedCodes.TryGetValue(label, out var code) ? code
        : column is "GEO" or "CITIZEN" ? geoLabels.Code(label)
        : null;

    /// <summary>Every field of the exports is double-quoted and none holds a quote, so a line splits on <c>","</c>.</summary>
    private static string[] Fields(string line) => line.Length < 2 ? [] : line[1..^1].Split("\",\"");

    private static int Column(string[] header, string name, string path)
    {
        var i = Array.IndexOf(header, name);
        return i >= 0 ? i : throw new InvalidDataException($"{path} has no column '{name}' (header: {string.Join(',', header)}).");
    }

    /// <summary>Values are written with thousands separators (<c>"1,015"</c>); <c>:</c> is not available.</summary>
    private static long? Value(string text) =>
        text == ":" ? null : long.Parse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture);
}
