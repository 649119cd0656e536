namespace Ingestion.Testing.Postgres;

/// <summary>Where the tests' PostgreSQL comes from (INGESTION_TEST_POSTGRES_PROVIDER).</summary>
internal enum TestServerProvider
{
    /// <summary>Testcontainers when a Docker engine can start the image, else the local binaries.</summary>
    Auto,

    /// <summary>Testcontainers, or fail.</summary>
    Testcontainers,

    /// <summary>The local binaries, without asking Docker.</summary>
    Local,
}
