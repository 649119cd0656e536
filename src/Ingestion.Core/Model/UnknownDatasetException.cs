namespace Ingestion.Core.Model;

public sealed class UnknownDatasetException(string name, IEnumerable<string> known)
    : Exception($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", known)}.")
{
    public string DatasetName { get; } = name;
}
