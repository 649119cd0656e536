namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// One observation of a flow: its key (one code per dimension, in the flow's dimension order, TIME excluded), its
/// period (<c>2015</c>, <c>2015-03</c>), its value (null = not available, served as an empty OBS_VALUE) and its two
/// attributes, which Eurostat has split since January 2025 (EUROSTAT-API.md §4).
/// </summary>
public sealed record EurostatObservation(string[] Key, string TimePeriod, long? Value, string? ObsFlag = null, string? ConfStatus = null);
