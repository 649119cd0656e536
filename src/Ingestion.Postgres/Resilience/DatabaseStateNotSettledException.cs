namespace Ingestion.Postgres.Resilience;

/// <summary>
/// The database answers again, but what a lost connection left behind has not settled yet (its backend still holds
/// the run's lock): worth retrying like a lost connection.
/// </summary>
public sealed class DatabaseStateNotSettledException(string message) : Exception(message);
