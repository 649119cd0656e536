using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Worker.Cli.Output;

/// <summary>Machine output for <c>--json</c>: snake_case names, enums as lower-case strings, one document per command.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, Options));
}
