namespace Ingestion.Testing.FakeUnhcr;

/// <summary>A request the fake API received: endpoint path segment, the raw query, and its limit and page.</summary>
public sealed record FakeRequest(string Endpoint, string Query, int Limit, int Page);
