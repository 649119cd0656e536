using Ingestion.Core.Model;

namespace Ingestion.Core.Ports;

/// <summary>What one fetch needs besides the dataset: the year scope, where raw pages go, and where to count.</summary>
public sealed record FetchContext(YearScope Scope, IRawPageArchive Archive, FetchStatistics Statistics);
