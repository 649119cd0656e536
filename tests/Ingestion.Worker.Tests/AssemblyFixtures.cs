using Ingestion.Testing.Postgres;

[assembly: AssemblyFixture(typeof(PostgresServerFixture))]
