using Ingestion.Core.Diagnostics;

namespace Ingestion.Postgres.Resilience;

/// <summary>The database stayed unreachable for longer than the retry budget; the message is the run's one-line reason.</summary>
public sealed class DatabaseUnavailableException(TimeSpan budget, Exception lastFault)
    : Exception($"The database was unreachable for longer than the retry budget ({budget:c}, Ingestion:Database:RetryBudget): {ErrorText.FirstLine(lastFault.Message)}", lastFault);
