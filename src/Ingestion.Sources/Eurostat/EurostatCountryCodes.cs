using System.Collections.Frozen;

namespace Ingestion.Sources.Eurostat;

/// <summary>
/// Eurostat's country codes (<c>citizen</c>, <c>geo</c>) to ISO 3166 alpha-3, so its rows join UNHCR's. Eurostat uses
/// ISO alpha-2 except <c>EL</c> (Greece) and <c>UK</c> (United Kingdom), and <c>XK</c> for Kosovo, which ISO has not
/// assigned (its user-assigned alpha-3 <c>XKX</c> is what the EU and the World Bank use). Aggregates and non-countries
/// (<c>EU28</c>, <c>EU27_2020</c>, <c>EXT_EU28</c>, <c>TOTAL</c>, <c>UNK</c>, <c>STLS</c>, <c>RNC</c>, …) have none: null.
/// </summary>
internal static class EurostatCountryCodes
{
    private const string ResourceName = "Ingestion.Sources.Eurostat.iso3166-alpha2-alpha3.csv";

    private static readonly FrozenDictionary<string, string> ToIso3 = Load();

    public static string? Iso3(string code) => ToIso3.GetValueOrDefault(code);

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(EurostatCountryCodes).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EL"] = "GRC",
            ["UK"] = "GBR",
            ["XK"] = "XKX",
        };
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                var comma = line.IndexOf(',', StringComparison.Ordinal);
                codes.TryAdd(line[..comma], line[(comma + 1)..]);
            }
        }

        return codes.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
