using Ingestion.Postgres.Store;

namespace Ingestion.Testing.Postgres;

/// <summary>Test-only knobs of the store that are not configuration.</summary>
public static class StoreTuning
{
    /// <summary>Makes runs COPY into their staging table after <paramref name="rows"/> rows, so staging happens during the fetch.</summary>
    public static void StageAfter(this PostgresSnapshotStore store, int rows)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.StagingBufferRows = rows;
    }
}
