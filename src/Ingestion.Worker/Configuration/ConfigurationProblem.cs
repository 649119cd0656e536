namespace Ingestion.Worker.Configuration;

/// <summary>One bad configuration key: the key as configured, the message naming it and its value, and whether no option reads it.</summary>
public sealed record ConfigurationProblem(string Key, string Message, bool IsUnknownKey);
