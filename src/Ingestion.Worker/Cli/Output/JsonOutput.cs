using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ingestion.Core.Runs;

namespace Ingestion.Worker.Cli.Output;

/// <summary>Machine output for <c>--json</c>: snake_case names, enums as snake_case strings, one document per command.</summary>
public static class JsonOutput
{
    /// <summary>Serializes with generated code (the natively compiled executable has no other); every type written must be in <see cref="CliJsonContext"/>.</summary>
    public static void Write<T>(TextWriter output, T value)
    {
        var info = CliJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new InvalidOperationException($"{typeof(T)} is not in {nameof(CliJsonContext)}: add a [JsonSerializable] for it.");
        output.WriteLine(JsonSerializer.Serialize(value, info));
    }
}

/// <summary>An enum written as its snake_case name (<c>published</c>, <c>dry_run</c>), as a converter type the generator can name.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower)
    where TEnum : struct, Enum;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    Converters = [typeof(SnakeCaseEnumConverter<RunStatus>), typeof(SnakeCaseEnumConverter<RunTrigger>)])]
[JsonSerializable(typeof(IReadOnlyList<DatasetRow>))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
[JsonSerializable(typeof(IReadOnlyList<SnapshotRecord>))]
[JsonSerializable(typeof(IReadOnlyList<RevisionRecord>))]
[JsonSerializable(typeof(RunSummaryDocument))]
[JsonSerializable(typeof(DecisionDocument))]
[JsonSerializable(typeof(BackfillDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
