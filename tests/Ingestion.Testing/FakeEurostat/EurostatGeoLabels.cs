using System.Text;
using System.Xml.Linq;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// Maps Eurostat's old English GEO labels (as in the Data Explorer exports) to codes, from the three genuine files in
/// <c>../shared/data/eurostat/codelists/</c>, in the order SOURCES.md prescribes: the apro DSD's CL_GEO (2014), then
/// geo.dic 2021 (UTF-8), then geo.dic 2011 (cp1252); the first code seen for a label wins. The union covers every
/// GEO and CITIZEN label of the exports; it gives Greece as EL (only the 2011 file says GR, and it comes last).
/// </summary>
public sealed class EurostatGeoLabels
{
    public const string AproDsdFile = "pandaSDMX_estat_apro_dsd_2014-11-29.xml";
    public const string GeoDic2021File = "MINWAGE_geo_en_2021.dic";
    public const string GeoDic2011File = "data_proj_demo_geo_en_2011.dic";

    private static readonly XNamespace Str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure";
    private static readonly XNamespace Com = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common";

    private readonly Dictionary<string, string> _codes;

    private EurostatGeoLabels(Dictionary<string, string> codes) => _codes = codes;

    /// <summary>Reads the three files from a <c>codelists</c> folder.</summary>
    public static EurostatGeoLabels Load(string codelistsFolder)
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        var dsd = XDocument.Load(Path.Combine(codelistsFolder, AproDsdFile));
        var clGeo = dsd.Descendants(Str + "Codelist").Single(c => (string?)c.Attribute("id") == "CL_GEO");
        foreach (var code in clGeo.Elements(Str + "Code"))
        {
            var name = code.Elements(Com + "Name").First(n => (string?)n.Attribute(XNamespace.Xml + "lang") == "en").Value;
            codes.TryAdd(name, (string)code.Attribute("id")!);
        }

        AddDic(codes, Path.Combine(codelistsFolder, GeoDic2021File), Encoding.UTF8);
        AddDic(codes, Path.Combine(codelistsFolder, GeoDic2011File), Cp1252);
        return new EurostatGeoLabels(codes);
    }

    /// <summary>Windows-1252, the encoding of the 2011 dictionary and of the applicants export.</summary>
    public static Encoding Cp1252
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252);
        }
    }

    /// <summary>The first code listed for this label, or null.</summary>
    public string? Code(string label) => _codes.GetValueOrDefault(label);

    private static void AddDic(Dictionary<string, string> codes, string path, Encoding encoding)
    {
        foreach (var line in File.ReadLines(path, encoding))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                codes.TryAdd(line[(tab + 1)..].TrimEnd('\r'), line[..tab]);
            }
        }
    }
}
