namespace Ingestion.Testing.Postgres;

/// <summary>A PostgreSQL server the tests may create databases on, and how it was obtained.</summary>
internal sealed record TestServer(string AdminConnectionString, string Description, Func<ValueTask> Stop);
