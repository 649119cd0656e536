namespace Ingestion.Core.Runs;

/// <summary>The outcome of approve/reject: done, or refused with the one-line reason to show.</summary>
public sealed record DecisionResult(bool Done, string Message);
