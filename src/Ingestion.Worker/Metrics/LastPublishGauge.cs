using Ingestion.Core.Model;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ingestion.Worker.Metrics;

/// <summary>
/// Sets <c>ingestion_seconds_since_last_publish</c> at scrape time from the latest <c>published_at</c> of each
/// dataset's published snapshots. Before the snapshots table exists, or while the database cannot be reached,
/// the gauge has no series: the scrape still answers with the counters.
/// </summary>
public sealed class LastPublishGauge(IngestionMetrics metrics, NpgsqlDataSource dataSource, TimeProvider clock, ILogger<LastPublishGauge> logger)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);

    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var latest = await ReadLatestPublishAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var dataset in Datasets.All)
        {
            if (latest is not null && latest.TryGetValue(dataset.Name, out var publishedAt))
            {
                metrics.LastPublish.WithLabels(dataset.Name).Set((now - publishedAt).TotalSeconds);
            }
            else
            {
                metrics.LastPublish.RemoveLabelled(dataset.Name);
            }
        }
    }

    private async Task<Dictionary<string, DateTimeOffset>?> ReadLatestPublishAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            await using var command = dataSource.CreateCommand("""
                SELECT dataset, max(published_at)
                FROM ingestion.snapshots
                WHERE status = 'published' AND published_at IS NOT NULL
                GROUP BY dataset
                """);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            while (await reader.ReadAsync(timeout.Token))
            {
                latest[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            }

            return latest;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return null; // not migrated that far yet: nothing to report
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException
            || (e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(e, "Could not read the latest publish times; {Metric} is left out of this scrape", "ingestion_seconds_since_last_publish");
            return null;
        }
    }
}
