namespace Ingestion.Core.Model;

/// <summary>
/// One key dimension after the period. A dimension with a country <see cref="Role"/> either holds ISO 3166 alpha-3
/// itself (<see cref="IsoAttribute"/> null, as UNHCR's <c>origin_iso</c>) or a publisher's own code with the ISO3
/// in the attribute <see cref="IsoAttribute"/> names (Eurostat's <c>citizen</c> beside <c>citizen_iso</c>).
/// </summary>
public sealed record KeyDimension(string Name, CountryRole Role = CountryRole.None, string? IsoAttribute = null);
