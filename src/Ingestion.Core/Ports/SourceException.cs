namespace Ingestion.Core.Ports;

/// <summary>A source failed permanently (after retries, or a non-transient fault). The message is the one line a user sees.</summary>
public class SourceException(string message, Exception? inner = null) : Exception(message, inner);
