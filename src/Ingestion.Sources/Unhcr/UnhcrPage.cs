using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

/// <summary>One parsed API page: the echoed page number, <c>maxPages</c> at the requested limit, and its rows.</summary>
internal sealed record UnhcrPage(int Page, int MaxPages, IReadOnlyList<StatRow> Rows);
