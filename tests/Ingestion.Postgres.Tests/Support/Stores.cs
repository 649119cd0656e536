using Ingestion.Postgres.Resilience;
using Ingestion.Postgres.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ingestion.Postgres.Tests.Support;

internal static class Stores
{
    public static PostgresSnapshotStore Create(NpgsqlDataSource dataSource) =>
        new(dataSource, Ingestion.Testing.TestCatalog.Default, DatabaseRetry.Create(dataSource), NullLogger<PostgresSnapshotStore>.Instance);
}
