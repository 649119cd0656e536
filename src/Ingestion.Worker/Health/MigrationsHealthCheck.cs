using Ingestion.Postgres.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.Worker.Health;

/// <summary>Ready only when the database schema is at the version this build expects.</summary>
public sealed class MigrationsHealthCheck(MigrationRunner migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = await migrations.CurrentVersionAsync(cancellationToken);
        var expected = MigrationCatalog.LatestVersion;
        return current == expected
            ? HealthCheckResult.Healthy($"Schema at version {current}.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"Schema at version {current}, this build expects {expected}.");
    }
}
