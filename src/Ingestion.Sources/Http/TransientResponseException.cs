namespace Ingestion.Sources.Http;

/// <summary>
/// A response worth retrying: 408, 429, 5xx, or a 200 whose body is truncated or not JSON.
/// <see cref="RetryAfter"/> carries the server's Retry-After, already converted to a delay.
/// </summary>
public sealed class TransientResponseException(string message, int statusCode, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
