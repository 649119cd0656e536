namespace Ingestion.Core.Model;

/// <summary>
/// One normalized row of a dataset, in its descriptor's order: <see cref="Period"/> (see <see cref="PeriodKind"/>),
/// <see cref="Key"/> (one value per key dimension), <see cref="Measures"/> (null means "not available", never
/// zero) and <see cref="Attributes"/>. <see cref="SuppressedMask"/> has bit i set when measure i was a suppressed
/// small value (UNHCR's legacy "*"), which is also stored as null.
/// </summary>
public sealed record StatRow(int Period, string[] Key, long?[] Measures, string?[] Attributes, long SuppressedMask = 0)
{
    public string KeyText => Key.Length == 0 ? $"{Period}" : $"{Period}/{string.Join('/', Key)}";
}
