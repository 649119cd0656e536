using System.Text.Json;

namespace Ingestion.Sources.Http;

/// <summary>Checks that a body is one complete JSON document (a truncated page or an HTML error page is not).</summary>
internal static class JsonBody
{
    public static string? Problem(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "empty body";
        }

        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            return $"not complete JSON after {reader.BytesConsumed} of {body.Length} bytes: {e.Message}";
        }

        return null;
    }
}
