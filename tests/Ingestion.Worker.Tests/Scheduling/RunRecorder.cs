using System.Collections.Concurrent;
using Ingestion.Core.Model;
using Ingestion.Core.Runs;
using Ingestion.Worker.Runs;
using Npgsql;

namespace Ingestion.Worker.Tests.Scheduling;

/// <summary>
/// What the recording launcher saw, shared by every scope of one host (or of several hosts). With a
/// <see cref="FireTable"/>, each scheduled run is also written to <c>public.test_fires</c> in the test database,
/// keyed by trigger and scheduled fire time, so runs on different hosts can be counted together.
/// </summary>
internal sealed class RunRecorder(NpgsqlDataSource? fireTable = null)
{
    public ConcurrentQueue<(DatasetDescriptor Dataset, RunTrigger Trigger, YearScope Scope)> Runs { get; } = new();

    public ConcurrentQueue<BackfillRequest> Backfills { get; } = new();

    /// <summary>The scheduled fire time of each run a trigger started, in the order the runs began.</summary>
    public ConcurrentQueue<DateTimeOffset> ScheduledFires { get; } = new();

    /// <summary>Called inside every run and backfill with the job's token, e.g. to block until cancelled.</summary>
    public Func<CancellationToken, Task>? DuringRun { get; init; }

    public NpgsqlDataSource? FireTable => fireTable;

    public static async Task CreateFireTableAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS public.test_fires (
                trigger_key         text        NOT NULL,
                scheduled_fire_time timestamptz NOT NULL,
                instance_id         text        NOT NULL,
                dataset             text        NOT NULL
            )
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordFireAsync(FiringContext firing, string dataset, CancellationToken cancellationToken)
    {
        if (fireTable is null)
        {
            return;
        }

        await using var command = fireTable.CreateCommand("""
            INSERT INTO public.test_fires (trigger_key, scheduled_fire_time, instance_id, dataset)
            VALUES (@trigger, @scheduled, @instance, @dataset)
            """);
        command.Parameters.AddWithValue("trigger", firing.TriggerKey ?? "");
        command.Parameters.AddWithValue("scheduled", firing.ScheduledFireTimeUtc ?? throw new InvalidOperationException("No firing in scope."));
        command.Parameters.AddWithValue("instance", firing.InstanceId ?? "");
        command.Parameters.AddWithValue("dataset", dataset);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
