namespace Ingestion.Sources.Eurostat;

/// <summary>The dissemination API's addresses (DESIGN §3b), relative to the configured base address.</summary>
internal sealed class EurostatUris(Uri baseAddress)
{
    private readonly Uri _base = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");

    public Uri TableOfContents => new(_base, "catalogue/toc/txt?lang=en");

    /// <summary>SDMX-CSV 1.0, gzip; <paramref name="key"/> is the dot-separated series key, or empty for every series.</summary>
    public Uri Data(string flow, string key, PeriodRange periods) => new(
        _base,
        $"sdmx/2.1/data/{flow}{(key.Length == 0 ? "" : "/" + key)}?format=SDMX-CSV&compressed=true&startPeriod={periods.StartText}&endPeriod={periods.EndText}");

    public Uri Structure(string flow) => new(_base, $"sdmx/2.1/datastructure/ESTAT/{flow.ToUpperInvariant()}");

    public Uri AsyncStatus(string id) => new(_base, $"1.0/async/status/{Uri.EscapeDataString(id)}");

    public Uri AsyncData(string id) => new(_base, $"1.0/async/data/{Uri.EscapeDataString(id)}");
}
