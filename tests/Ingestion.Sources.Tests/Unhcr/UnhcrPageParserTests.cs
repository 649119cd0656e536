using System.Text;
using Ingestion.Testing.Releases;
using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Http;
using Ingestion.Sources.Unhcr;
using Xunit;

namespace Ingestion.Sources.Tests.Unhcr;

public sealed class UnhcrPageParserTests
{
    private const string Identity =
        "\"year\":2024,\"coo_id\":262,\"coo_name\":\"Unknown \",\"coo\":\"UKN\",\"coo_iso\":\"UNK\"," +
        "\"coa_id\":196,\"coa_name\":\"T\\u00fcrkiye\",\"coa\":\"TUR\",\"coa_iso\":\"TUR\"";

    private const string ZeroCounts =
        "\"refugees\":\"0\",\"asylum_seekers\":\"0\",\"returned_refugees\":\"0\",\"idps\":\"0\",\"returned_idps\":\"0\"," +
        "\"stateless\":\"0\",\"ooc\":\"0\",\"oip\":\"-\",\"hst\":\"0\"";

    private static byte[] Page(params string[] items) =>
        System.Text.Encoding.UTF8.GetBytes(
            $"{{\"page\":3,\"short-url\":\"R1QjAy\",\"maxPages\":7,\"total\":[],\"items\":[{string.Join(',', items.Select(i => "{" + i + "}"))}]}}");

    private static UnhcrPage Parse(DatasetDescriptor dataset, byte[] json, int page = 3) =>
        new UnhcrPageParser(UnhcrEndpoints.For(dataset)).Parse(json, page);

    [Fact]
    public void Parse_CountsInEveryForm_NormalizesValues()
    {
        var item = Identity + ",\"refugees\":2940735,\"asylum_seekers\":\"0\",\"returned_refugees\":\"-\",\"idps\":\"15\"," +
                   "\"returned_idps\":\"*\",\"stateless\":420,\"ooc\":\"0\",\"oip\":\"-\",\"hst\":\"*\"";

        var row = Assert.Single(Parse(UnhcrDatasets.Population, Page(item)).Rows);

        Assert.Equal([2940735, 0, null, 15, null, 420, 0, null, null], row.Measures);
        Assert.Equal((1L << 4) | (1L << 8), row.SuppressedMask);
    }

    [Fact]
    public void Parse_PopulationItem_MapsKeysAndTrimmedAttributes()
    {
        var page = Parse(UnhcrDatasets.Population, Page(Identity + "," + ZeroCounts));

        var row = Assert.Single(page.Rows);
        Assert.Equal((3, 7), (page.Page, page.MaxPages));
        Assert.Equal((2024, "UNK", "TUR"), (row.Year, row.Origin, row.Asylum));
        Assert.Empty(row.Detail);
        Assert.Equal(["UKN", "Unknown", "TUR", "Türkiye"], row.Attributes);
    }

    [Fact]
    public void Parse_EscapedApostropheInName_Unescapes()
    {
        var item = Identity.Replace("T\\u00fcrkiye", "C\\u00f4te d\\u0027Ivoire ", StringComparison.Ordinal) + "," + ZeroCounts;

        var row = Assert.Single(Parse(UnhcrDatasets.Population, Page(item)).Rows);

        Assert.Equal("Côte d'Ivoire", row.Attributes[3]);
    }

    [Fact]
    public void Parse_DecisionsItem_ReadsDetailFieldsInOrder()
    {
        var item = Identity + ",\"procedure_type\":\"U\",\"dec_level\":\"FI\",\"dec_pc\":\"P\",\"dec_recognized\":34444," +
                   "\"dec_other\":\"0\",\"dec_rejected\":5961,\"dec_closed\":48793,\"dec_total\":89198";

        var row = Assert.Single(Parse(UnhcrDatasets.AsylumDecisions, Page(item)).Rows);

        Assert.Equal(["U", "FI", "P"], row.Detail);
        Assert.Equal([34444, 0, 5961, 48793, 89198], row.Measures);
        Assert.Equal("2024/UNK/TUR/U/FI/P", row.KeyText);
    }

    [Fact]
    public void Parse_UnknownItemField_ThrowsSchemaDriftNamingFieldAndPage()
    {
        var e = Assert.Throws<SchemaDriftException>(() => Parse(UnhcrDatasets.Population, Page(Identity + "," + ZeroCounts + ",\"refugees_new\":5")));

        Assert.Equal(("unhcr.population", "refugees_new", 3), (e.Dataset, e.Field, e.Page));
        Assert.Equal("Schema drift in unhcr.population, page 3: unknown field 'refugees_new'.", e.Message);
    }

    [Fact]
    public void Parse_MissingItemField_ThrowsSchemaDriftNamingField()
    {
        var item = Identity + "," + ZeroCounts.Replace(",\"hst\":\"0\"", "", StringComparison.Ordinal);

        var e = Assert.Throws<SchemaDriftException>(() => Parse(UnhcrDatasets.Population, Page(item)));

        Assert.Equal("Schema drift in unhcr.population, page 3: missing field 'hst'.", e.Message);
    }

    [Fact]
    public void Parse_RenamedItemField_NamesTheMissingAndTheUnknownName()
    {
        var item = Identity + "," + ZeroCounts.Replace("\"asylum_seekers\"", "\"asylumSeekers\"", StringComparison.Ordinal);

        var e = Assert.Throws<SchemaDriftException>(() => Parse(UnhcrDatasets.Population, Page(item), 1));

        Assert.Equal("Schema drift in unhcr.population, page 1: missing field 'asylum_seekers', unknown field 'asylumSeekers'.", e.Message);
        Assert.Equal(["asylum_seekers"], e.Missing);
        Assert.Equal(["asylumSeekers"], e.Unknown);
    }

    [Fact]
    public void Parse_SeveralFieldsRenamedAndOneDropped_NamesEveryOneInFieldOrder()
    {
        var item = Identity.Replace("\"coo_iso\"", "\"cooIso\"", StringComparison.Ordinal) + ","
            + ZeroCounts.Replace("\"ooc\"", "\"others_of_concern\"", StringComparison.Ordinal).Replace(",\"hst\":\"0\"", "", StringComparison.Ordinal);

        var e = Assert.Throws<SchemaDriftException>(() => Parse(UnhcrDatasets.Population, Page(item)));

        Assert.Equal(["coo_iso", "ooc", "hst"], e.Missing);
        Assert.Equal(["cooIso", "others_of_concern"], e.Unknown);
        Assert.Equal(
            "Schema drift in unhcr.population, page 3: missing field 'coo_iso', missing field 'ooc', missing field 'hst', " +
            "unknown field 'cooIso', unknown field 'others_of_concern'.",
            e.Message);
    }

    [Fact]
    public void Parse_UnknownFieldHoldingAnObject_SkipsItAndStillNamesTheMissingField()
    {
        var item = Identity + "," + ZeroCounts.Replace("\"stateless\":\"0\"", "\"stateless_v2\":{\"total\":[1,2]}", StringComparison.Ordinal);

        var e = Assert.Throws<SchemaDriftException>(() => Parse(UnhcrDatasets.Population, Page(item)));

        Assert.Equal("Schema drift in unhcr.population, page 3: missing field 'stateless', unknown field 'stateless_v2'.", e.Message);
    }

    [Fact]
    public void Parse_MissingIdField_ThrowsSchemaDrift()
    {
        var item = Identity.Replace("\"coa_id\":196,", "", StringComparison.Ordinal) + "," + ZeroCounts;

        var e = Assert.Throws<SchemaDriftException>(() => Parse(UnhcrDatasets.Population, Page(item)));

        Assert.Equal("coa_id", e.Field);
    }

    [Fact]
    public void Parse_EnvelopeWithoutItems_ThrowsSchemaDrift()
    {
        var json = "{\"page\":1,\"short-url\":\"x\",\"maxPages\":0,\"total\":[]}"u8.ToArray();

        var e = Assert.Throws<SchemaDriftException>(() => Parse(UnhcrDatasets.Population, json, 1));

        Assert.Equal("Schema drift in unhcr.population, page 1: missing field 'items'.", e.Message);
    }

    [Fact]
    public void Parse_EnvelopeWithUnknownField_ThrowsSchemaDrift()
    {
        var json = "{\"page\":1,\"short-url\":\"x\",\"maxPages\":0,\"total\":[],\"next\":null,\"items\":[]}"u8.ToArray();

        var e = Assert.Throws<SchemaDriftException>(() => Parse(UnhcrDatasets.Population, json, 1));

        Assert.Equal("next", e.Field);
    }

    [Theory]
    [InlineData("\"n/a\"", "\"n/a\"")]
    [InlineData("\"12a\"", "\"12a\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("1.5", "1.5")]
    [InlineData("null", "Null")]
    public void Parse_UnexpectedCount_ThrowsFormatErrorNamingDatasetFieldAndPage(string value, string shown)
    {
        var item = Identity + "," + ZeroCounts.Replace("\"idps\":\"0\"", "\"idps\":" + value, StringComparison.Ordinal);

        var e = Assert.Throws<SourceException>(() => Parse(UnhcrDatasets.Population, Page(item)));

        Assert.Equal($"UNHCR unhcr.population, page 3: field 'idps' has unexpected value {shown} (expected a count, \"-\" or \"*\").", e.Message);
    }

    [Fact]
    public void Parse_EmptyResult_YieldsNoRows()
    {
        var json = "{\"page\":1,\"short-url\":\"x\",\"maxPages\":0,\"total\":[],\"items\":[]}"u8.ToArray();

        var page = Parse(UnhcrDatasets.Idmc, json, 1);

        Assert.Equal(0, page.MaxPages);
        Assert.Empty(page.Rows);
    }

    [Fact]
    public void Parse_NotJson_ThrowsMalformedBody()
    {
        var e = Assert.Throws<MalformedBodyException>(() => Parse(UnhcrDatasets.Idmc, "<html>"u8.ToArray(), 2));

        Assert.StartsWith("UNHCR unhcr.idmc, page 2: the body is not valid JSON: ", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("not valid JSON: ", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"page\":1,\"short-url\":null,\"maxPages\":1,\"total\":{},\"items\":[]")]
    [InlineData("{\"page\":1,\"short-url\":null,\"maxPages\":1,\"total\":{},\"items\":[]}<html>")]
    [InlineData("{\"page\":1,\"short-url\":null,\"maxPages\":1,\"total\":{},\"items\":[]}{}")]
    public void Parse_CutShortOrFollowedByMore_ThrowsMalformedBody(string body)
    {
        var e = Assert.Throws<MalformedBodyException>(() => Parse(UnhcrDatasets.Idmc, Encoding.UTF8.GetBytes(body), 1));

        Assert.StartsWith("UNHCR unhcr.idmc, page 1: the body is not valid JSON: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EnvelopeFollowedByWhitespace_IsAWholePage()
    {
        var page = Parse(UnhcrDatasets.Idmc, "{\"page\":1,\"short-url\":null,\"maxPages\":1,\"total\":{},\"items\":[]}\n  "u8.ToArray(), 1);

        Assert.Equal((1, 1, 0), (page.Page, page.MaxPages, page.Rows.Count));
    }

    [Fact]
    public void Parse_BareArrayInsteadOfEnvelope_ThrowsFormatError()
    {
        var e = Assert.Throws<SourceException>(() => Parse(UnhcrDatasets.Countries, "[{\"0\":1}]"u8.ToArray(), 1));

        Assert.Equal("UNHCR unhcr.countries, page 1: field '(envelope)' should be StartObject but is StartArray.", e.Message);
    }

    [Fact]
    public void Parse_CountryItem_MapsIsoKeyAndAttributes()
    {
        var item = "\"0\":1,\"id\":72,\"code\":\"GFR\",\"iso\":\"DEU\",\"iso2\":\"DE\",\"name\":\"Germany \",\"nameOrigin\":\"Germany\"," +
                   "\"nameLong\":\"Federal Republic of Germany\",\"nameShort\":\"Germany\",\"nameFormal\":\"the Federal Republic of Germany\"," +
                   "\"nationality\":\"German\",\"majorArea\":\"Europe\",\"region\":\"Western Europe\",\"nameFr\":null,\"majorAreaFr\":\"\",\"regionFr\":null";

        var row = Assert.Single(Parse(UnhcrDatasets.Countries, Page(item)).Rows);

        Assert.Equal((0, "DEU", ""), (row.Year, row.Origin, row.Asylum));
        Assert.Equal(["GFR", "DE", "Germany", "Federal Republic of Germany", "Europe", "Western Europe"], row.Attributes);
        Assert.Empty(row.Measures);
    }

    [Fact]
    public void Parse_CountryWithoutIso_KeyedByUnhcrCode()
    {
        var item = "\"0\":1,\"id\":300,\"code\":\"TIB\",\"iso\":\"\",\"iso2\":null,\"name\":\"Tibetan\",\"nameOrigin\":null," +
                   "\"nameLong\":null,\"nameShort\":null,\"nameFormal\":null,\"nationality\":null,\"majorArea\":null,\"region\":null," +
                   "\"nameFr\":null,\"majorAreaFr\":null,\"regionFr\":null";

        var row = Assert.Single(Parse(UnhcrDatasets.Countries, Page(item)).Rows);

        Assert.Equal("TIB", row.Origin);
        Assert.Equal(["TIB", null, "Tibetan", null, null, null], row.Attributes);
    }
}
