using System.Globalization;
using System.Text;
using System.Xml;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// The data structure of a flow as an SDMX-ML 2.1 Structure message, shaped like the genuine Eurostat DSD in
/// <c>codelists/pandaSDMX_estat_apro_dsd_2014-11-29.xml</c>: a code list per dimension (named after it in upper
/// case, e.g. <c>CITIZEN</c>, holding the codes present in the served data with their English names), then the
/// <c>DataStructure</c> whose <c>DimensionList</c> gives each dimension its position, the time dimension last,
/// the two attributes and the primary measure. It is what a client reads the dimension order and codes from.
/// </summary>
internal static class SdmxStructure
{
    public const string ContentType = "application/vnd.sdmx.structure+xml;version=2.1";

    private const string Mes = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message";
    private const string Str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure";
    private const string Com = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common";

    public static byte[] Write(IEurostatFlow flow)
    {
        var definition = flow.Definition;
        var id = definition.Id.ToUpperInvariant();
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("mes", "Structure", Mes);
            xml.WriteAttributeString("xmlns", "str", null, Str);
            xml.WriteAttributeString("xmlns", "com", null, Com);
            xml.WriteStartElement("Header", Mes);
            xml.WriteElementString("ID", Mes, "DSD_" + id);
            xml.WriteElementString("Test", Mes, "false");
            xml.WriteElementString("Prepared", Mes, flow.LastUpdate.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            xml.WriteStartElement("Sender", Mes);
            xml.WriteAttributeString("id", "ESTAT");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("Structures", Mes);

            xml.WriteStartElement("Codelists", Str);
            for (var position = 0; position < definition.Dimensions.Count; position++)
            {
                WriteCodelist(xml, flow, position);
            }

            xml.WriteEndElement();
            xml.WriteStartElement("DataStructures", Str);
            xml.WriteStartElement("DataStructure", Str);
            Maintainable(xml, id, $"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=ESTAT:{id}(1.0)");
            Name(xml, definition.Title);
            xml.WriteStartElement("DataStructureComponents", Str);
            xml.WriteStartElement("DimensionList", Str);
            xml.WriteAttributeString("id", "DimensionDescriptor");
            for (var position = 0; position < definition.Dimensions.Count; position++)
            {
                var dimension = definition.Dimensions[position];
                xml.WriteStartElement("Dimension", Str);
                xml.WriteAttributeString("id", dimension);
                xml.WriteAttributeString("position", (position + 1).ToString(CultureInfo.InvariantCulture));
                Ref(xml, "ConceptIdentity", dimension.ToUpperInvariant(), "conceptscheme", "Concept");
                xml.WriteStartElement("LocalRepresentation", Str);
                Ref(xml, "Enumeration", dimension.ToUpperInvariant(), "codelist", "Codelist");
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteStartElement("TimeDimension", Str);
            xml.WriteAttributeString("id", "TIME_PERIOD");
            xml.WriteAttributeString("position", (definition.Dimensions.Count + 1).ToString(CultureInfo.InvariantCulture));
            Ref(xml, "ConceptIdentity", "TIME_PERIOD", "conceptscheme", "Concept");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("AttributeList", Str);
            xml.WriteAttributeString("id", "AttributeDescriptor");
            foreach (var attribute in new[] { "OBS_FLAG", "CONF_STATUS" })
            {
                xml.WriteStartElement("Attribute", Str);
                xml.WriteAttributeString("id", attribute);
                xml.WriteAttributeString("assignmentStatus", "Conditional");
                Ref(xml, "ConceptIdentity", attribute, "conceptscheme", "Concept");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteStartElement("MeasureList", Str);
            xml.WriteAttributeString("id", "MeasureDescriptor");
            xml.WriteStartElement("PrimaryMeasure", Str);
            xml.WriteAttributeString("id", "OBS_VALUE");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void WriteCodelist(XmlWriter xml, IEurostatFlow flow, int position)
    {
        var id = flow.Definition.Dimensions[position].ToUpperInvariant();
        xml.WriteStartElement("Codelist", Str);
        Maintainable(xml, id, $"urn:sdmx:org.sdmx.infomodel.codelist.Codelist=ESTAT:{id}(1.0)");
        Name(xml, id);
        foreach (var code in flow.Codes(position))
        {
            xml.WriteStartElement("Code", Str);
            xml.WriteAttributeString("id", code);
            xml.WriteAttributeString("urn", $"urn:sdmx:org.sdmx.infomodel.codelist.Code=ESTAT:{id}(1.0).{code}");
            Name(xml, flow.Label(position, code));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Maintainable(XmlWriter xml, string id, string urn)
    {
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("urn", urn);
        xml.WriteAttributeString("agencyID", "ESTAT");
        xml.WriteAttributeString("version", "1.0");
        xml.WriteAttributeString("isFinal", "true");
    }

    private static void Name(XmlWriter xml, string name)
    {
        xml.WriteStartElement("com", "Name", Com);
        xml.WriteAttributeString("xml", "lang", null, "en");
        xml.WriteString(name);
        xml.WriteEndElement();
    }

    private static void Ref(XmlWriter xml, string element, string id, string package, string @class)
    {
        xml.WriteStartElement(element, Str);
        xml.WriteStartElement("Ref");
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("agencyID", "ESTAT");
        xml.WriteAttributeString("package", package);
        xml.WriteAttributeString("class", @class);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }
}
