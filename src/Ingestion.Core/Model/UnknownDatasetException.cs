namespace Ingestion.Core.Model;

public sealed class UnknownDatasetException(string name)
    : Exception($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", Datasets.All.Select(d => d.Name))}.")
{
    public string DatasetName { get; } = name;
}
