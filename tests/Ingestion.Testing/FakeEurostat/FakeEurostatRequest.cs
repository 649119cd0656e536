namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// A request the fake Eurostat API received. <see cref="Flow"/> is the flow id as sent (or, on the asynchronous
/// endpoints, the flow of the queued extraction, so a test can aim a fault at "the async download of X");
/// <see cref="Key"/>, <see cref="StartPeriod"/> and <see cref="EndPeriod"/> are likewise those of the extraction.
/// <see cref="Id"/> is the uuid on the asynchronous endpoints. <see cref="PathAndQuery"/> is the raw request target.
/// </summary>
public sealed record FakeEurostatRequest(
    FakeEurostatRequestKind Kind,
    string? Flow,
    string? Key,
    string? StartPeriod,
    string? EndPeriod,
    string PathAndQuery,
    string? Id = null);
