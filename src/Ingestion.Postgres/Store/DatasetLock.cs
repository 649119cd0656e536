using System.Text;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The per-dataset cross-process lock: a session advisory lock (two-int form, so it never meets the migration
/// lock's bigint key) held on the run's own connection, released when the run ends or its backend dies.
/// </summary>
internal static class DatasetLock
{
    /// <summary>Namespace of the lock keys ("ingd" as ASCII).</summary>
    private const int Namespace = 0x696e6764;

    public static async Task<bool> TryAcquireAsync(NpgsqlConnection connection, string dataset, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@namespace, @key)", connection);
        command.Parameters.AddWithValue("namespace", Namespace);
        command.Parameters.AddWithValue("key", KeyOf(dataset));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task ReleaseAsync(NpgsqlConnection connection, string dataset, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@namespace, @key)", connection);
        command.Parameters.AddWithValue("namespace", Namespace);
        command.Parameters.AddWithValue("key", KeyOf(dataset));
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>FNV-1a of the dataset name: stable across processes and versions (unlike string.GetHashCode).</summary>
    internal static int KeyOf(string dataset)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(dataset))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return unchecked((int)hash);
    }
}
