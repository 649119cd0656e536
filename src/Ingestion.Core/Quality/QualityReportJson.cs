using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Core.Quality;

/// <summary>
/// <see cref="QualityReport"/> as <c>ingestion.snapshots.quality_report</c> holds it: snake_case JSON, e.g.
/// <c>{"violations":[{"rule":"max_removed_share","message":"…"}],"passed":false}</c>. The one place that writes and
/// reads it; the serializer code is generated, as the natively compiled executable needs.
/// </summary>
public static class QualityReportJson
{
    public static string Write(QualityReport report) => JsonSerializer.Serialize(report, QualityReportJsonContext.Default.QualityReport);

    /// <summary>The violations a stored report names; none for a snapshot without one.</summary>
    public static IReadOnlyList<QualityViolation> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, QualityReportJsonContext.Default.QualityReport)?.Violations ?? [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(QualityReport))]
internal sealed partial class QualityReportJsonContext : JsonSerializerContext;
