using Ingestion.Core.Model;

namespace Ingestion.Core.Runs;

/// <summary>A request to run one dataset over a year scope. <paramref name="ReprocessOf"/> names the run whose archived pages are reused.</summary>
public sealed record RunRequest(DatasetDescriptor Dataset, RunTrigger Trigger, YearScope Scope, long? ReprocessOf = null);
