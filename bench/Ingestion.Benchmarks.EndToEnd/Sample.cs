namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>One timed process of one scenario; <see cref="Phases"/> only for <c>ingest</c>.</summary>
internal sealed record Sample(Scenario Scenario, ProcessRun Run, RunPhases? Phases);
