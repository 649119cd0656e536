using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

/// <summary>The UNHCR endpoints behind the datasets of DESIGN §2, with the item fields each one sends.</summary>
internal static class UnhcrEndpoints
{
    /// <summary>Identity block of every data endpoint, in API order (UNHCR-API.md §4).</summary>
    public static readonly string[] IdentityFields =
        ["year", "coo_id", "coo_name", "coo", "coo_iso", "coa_id", "coa_name", "coa", "coa_iso"];

    /// <summary>The <c>/countries/</c> item fields (UNHCR-API.md §7c); <c>"0"</c> is an odd constant key the API sends.</summary>
    public static readonly string[] CountryFields =
    [
        "0", "id", "code", "iso", "iso2", "name", "nameOrigin", "nameLong", "nameShort", "nameFormal",
        "nationality", "majorArea", "region", "nameFr", "majorAreaFr", "regionFr",
    ];

    public const string DemographicsQuery = "&ptype_show=true&locationDescription_show=1&locationUR_show=1&locationAccType_show=1";

    public static IReadOnlyList<UnhcrEndpoint> All { get; } =
    [
        Pair(UnhcrDatasets.Population, "population/"),
        Pair(UnhcrDatasets.AsylumApplications, "asylum-applications/"),
        Pair(UnhcrDatasets.AsylumDecisions, "asylum-decisions/"),
        Pair(UnhcrDatasets.Demographics, "demographics/", DemographicsQuery),
        Pair(UnhcrDatasets.Solutions, "solutions/"),
        Pair(UnhcrDatasets.Idmc, "idmc/"),
        Pair(UnhcrDatasets.Unrwa, "unrwa/"),
        new UnhcrEndpoint(UnhcrDatasets.Countries, "countries/", "", new FieldSet(CountryFields)),
    ];

    public static UnhcrEndpoint For(DatasetDescriptor dataset) =>
        All.FirstOrDefault(e => e.Dataset == dataset)
        ?? throw new ArgumentException($"Dataset {dataset.Name} is not served by the UNHCR API.", nameof(dataset));

    private static UnhcrEndpoint Pair(DatasetDescriptor dataset, string path, string extraQuery = "") =>
        new(dataset, path, extraQuery, new FieldSet([.. IdentityFields, .. dataset.Key.Skip(2).Select(k => k.Name), .. dataset.Measures]));
}
