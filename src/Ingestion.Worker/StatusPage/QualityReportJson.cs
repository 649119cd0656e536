using System.Text.Json;
using Ingestion.Core.Quality;

namespace Ingestion.Worker.StatusPage;

/// <summary>Reads <c>ingestion.snapshots.quality_report</c> as the store writes it (snake_case JSON of <see cref="QualityReport"/>).</summary>
public static class QualityReportJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IReadOnlyList<QualityViolation> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<QualityReport>(json, Options)?.Violations ?? [];
}
