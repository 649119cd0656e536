using System.Buffers.Binary;
using Ingestion.Core.Model;
using Ingestion.Core.Publishing;
using Ingestion.Core.Rows;
using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// The diff of a release whose rows are all still in memory (<see cref="StagingTable.BufferLimit"/>): the scope's
/// current (period, key, row hash) are read once and matched against the staged rows by key, so every key whose hash
/// is unchanged is settled without sending its row to the server. Only the rest go into <c>pg_temp.run_staging</c> (new
/// or different hash) and <c>pg_temp.run_gone</c> (current keys no staged row has), and <see cref="ScopeDiff.ComputeCandidatesAsync"/>
/// decides them with the same rules as the full join: a 1 % revision copies 1 % of the rows instead of all of them, and
/// the one scan of the current rows also gives the gate its row count and latest year.
/// </summary>
internal static class MemoryDiff
{
    public static async Task<ScopeState> ComputeAsync(
        NpgsqlConnection connection, StagingTable staging, DatasetDescriptor dataset, YearScope scope, IReadOnlyList<HashedRow> rows,
        CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<RowKey, int>(rows.Count);
        var candidate = new bool[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            // A repeated key (validation rejects them) is left to the server, which fails on it as the full join did.
            candidate[i] = !byKey.TryAdd(new RowKey(rows[i].Row.Period, rows[i].Row.Key), i);
        }

        var seen = new bool[rows.Count];
        var gone = new List<RowKey>();
        long current = 0;
        int? latestPeriod = null;
        await using (var command = BulkCommand.Create($"SELECT v.period, v.key, v.row_hash FROM ingestion.versions v WHERE {ScopeSql.CurrentInScope}", connection))
        {
            ScopeSql.Bind(command, dataset, scope);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                current++;
                var key = new RowKey(reader.GetInt32(0), reader.GetFieldValue<string[]>(1));
                latestPeriod = latestPeriod is { } latest && latest >= key.Period ? latest : key.Period;
                if (!byKey.TryGetValue(key, out var i))
                {
                    gone.Add(key);
                    continue;
                }

                seen[i] = true;
                var hash = reader.GetFieldValue<byte[]>(2);
                candidate[i] |= hash.Length != 16 || BinaryPrimitives.ReadUInt128BigEndian(hash) != rows[i].Hash;
            }
        }

        var changed = new List<HashedRow>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (candidate[i] || !seen[i])
            {
                changed.Add(rows[i]);
            }
        }

        await staging.CopyCandidatesAsync(changed, gone, cancellationToken);
        var counts = await ScopeDiff.ComputeCandidatesAsync(connection, dataset, scope, cancellationToken);
        return new ScopeState(current, latestPeriod is { } period ? dataset.YearOf(period) : null, counts);
    }

    /// <summary>A version's identity: period and key, compared ordinally.</summary>
    internal readonly record struct RowKey(int Period, string[] Key)
    {
        public bool Equals(RowKey other) => Period == other.Period && Key.AsSpan().SequenceEqual(other.Key);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Period);
            foreach (var part in Key)
            {
                hash.Add(part, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
