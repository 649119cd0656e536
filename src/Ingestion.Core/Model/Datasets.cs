namespace Ingestion.Core.Model;

/// <summary>The dataset catalogue. Names and view names are part of the CLI and read contract (DESIGN §2, §4).</summary>
public static class Datasets
{
    private static readonly string[] PairAttributes = ["origin_unhcr", "origin_name", "asylum_unhcr", "asylum_name"];

    public static readonly DatasetDescriptor UnhcrPopulation = new(
        "unhcr.population", "unhcr_population", [],
        ["refugees", "asylum_seekers", "returned_refugees", "idps", "returned_idps", "stateless", "ooc", "oip", "hst"],
        PairAttributes);

    public static readonly DatasetDescriptor UnhcrAsylumApplications = new(
        "unhcr.asylum_applications", "unhcr_asylum_applications",
        ["procedure_type", "app_type", "dec_level", "app_pc"],
        ["applied"],
        PairAttributes);

    public static readonly DatasetDescriptor UnhcrAsylumDecisions = new(
        "unhcr.asylum_decisions", "unhcr_asylum_decisions",
        ["procedure_type", "dec_level", "dec_pc"],
        ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"],
        PairAttributes);

    public static readonly DatasetDescriptor UnhcrDemographics = new(
        "unhcr.demographics", "unhcr_demographics",
        ["pop_type", "location", "loc_type", "acc_type"],
        [
            "f_0_4", "f_5_11", "f_12_17", "f_18_59", "f_60", "f_other", "f_total",
            "m_0_4", "m_5_11", "m_12_17", "m_18_59", "m_60", "m_other", "m_total", "total",
        ],
        PairAttributes);

    public static readonly DatasetDescriptor UnhcrSolutions = new(
        "unhcr.solutions", "unhcr_solutions", [],
        ["returned_refugees", "resettlement", "naturalisation", "returned_idps"],
        PairAttributes);

    public static readonly DatasetDescriptor UnhcrIdmc = new(
        "unhcr.idmc", "unhcr_idmc", [], ["total"], PairAttributes);

    public static readonly DatasetDescriptor UnhcrUnrwa = new(
        "unhcr.unrwa", "unhcr_unrwa", [], ["total"], PairAttributes);

    /// <summary>Reference data keyed by ISO3; attributes only, no measures.</summary>
    public static readonly DatasetDescriptor UnhcrCountries = new(
        "unhcr.countries", "countries", [], [],
        ["unhcr_code", "iso2", "name", "name_long", "major_area", "region"],
        IsReferenceData: true);

    public static IReadOnlyList<DatasetDescriptor> All { get; } =
    [
        UnhcrPopulation, UnhcrAsylumApplications, UnhcrAsylumDecisions, UnhcrDemographics,
        UnhcrSolutions, UnhcrIdmc, UnhcrUnrwa, UnhcrCountries,
    ];

    public static DatasetDescriptor? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    public static DatasetDescriptor Get(string name) =>
        Find(name) ?? throw new UnknownDatasetException(name);
}
