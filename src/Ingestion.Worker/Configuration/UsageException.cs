namespace Ingestion.Worker.Configuration;

/// <summary>Bad usage or configuration: the process prints the message as one line on stderr and exits 2.</summary>
public sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner);
