namespace Ingestion.Core.Model;

/// <summary>
/// A read-contract view over more than one dataset (e.g. two publishers side by side), written in SQL against the
/// datasets' typed views and created after them. It exists only when every dataset in <see cref="Datasets"/> does.
/// </summary>
public sealed record CrossDatasetView(string ViewName, string Description, IReadOnlyList<string> Datasets, string SelectSql);
