using Ingestion.Core.Model;
using Ingestion.Sources.Eurostat;
using Ingestion.Sources.Unhcr;

namespace Ingestion.Sources;

/// <summary>
/// Read-contract views over more than one publisher (DESIGN §4). Each exists only while all its datasets are
/// registered; its definition is documented in docs/reading-the-data.md, whose doc test runs it.
/// </summary>
public static class CrossPublisherViews
{
    /// <summary>
    /// UNHCR's new applications beside Eurostat's first-time applicants per year and country pair, like with like:
    /// UNHCR <c>app_type = 'N'</c> summed over procedure, level and counting unit; Eurostat <c>applicant = 'FRST'</c>,
    /// <c>sex = 'T'</c>, <c>age = 'TOTAL'</c>, countries only (aggregates have no ISO3). A full join: a pair only one
    /// publisher reports has NULL for the other.
    /// </summary>
    public static readonly CrossDatasetView AsylumApplicationsCompared = new(
        "asylum_applications_compared",
        "UNHCR new asylum applications beside Eurostat first-time applicants, by year, origin and asylum ISO3 (see docs/reading-the-data.md).",
        [UnhcrDatasets.AsylumApplications.Name, EurostatDatasets.AsylumApplicants.Name],
        """
        SELECT year, origin_iso, asylum_iso, u.unhcr_new_applications, e.eurostat_first_time_applicants
        FROM (SELECT year, origin_iso, asylum_iso, sum(applied)::bigint AS unhcr_new_applications
              FROM stats.unhcr_asylum_applications WHERE app_type = 'N'
              GROUP BY year, origin_iso, asylum_iso) u
        FULL JOIN (SELECT year, citizen_iso AS origin_iso, geo_iso AS asylum_iso, sum(applicants)::bigint AS eurostat_first_time_applicants
                   FROM stats.eurostat_asylum_applicants
                   WHERE applicant = 'FRST' AND sex = 'T' AND age = 'TOTAL' AND citizen_iso IS NOT NULL AND geo_iso IS NOT NULL
                   GROUP BY year, citizen_iso, geo_iso) e USING (year, origin_iso, asylum_iso)
        """);

    public static IReadOnlyList<CrossDatasetView> All { get; } = [AsylumApplicationsCompared];
}
