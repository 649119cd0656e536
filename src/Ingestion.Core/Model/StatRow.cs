namespace Ingestion.Core.Model;

/// <summary>
/// One normalized row of a dataset, in the dataset's canonical key order.
/// <para>
/// Key: <see cref="Year"/>, <see cref="Origin"/>, <see cref="Asylum"/> (ISO3 codes) and
/// <see cref="Detail"/> (values of <see cref="DatasetDescriptor.DetailFields"/>, in order).
/// Reference data uses Year 0, Origin = its code and Asylum "".
/// </para>
/// <para>
/// <see cref="Measures"/> align with <see cref="DatasetDescriptor.Measures"/>; null means "not applicable"
/// (the API's "-"), never zero. <see cref="SuppressedMask"/> has bit i set when measure i was a
/// suppressed small value (legacy "*"), which is also stored as null.
/// <see cref="Attributes"/> align with <see cref="DatasetDescriptor.Attributes"/> (UNHCR codes, names).
/// </para>
/// </summary>
public sealed record StatRow(
    int Year,
    string Origin,
    string Asylum,
    string[] Detail,
    long?[] Measures,
    string?[] Attributes,
    long SuppressedMask = 0)
{
    public string KeyText => Detail.Length == 0
        ? $"{Year}/{Origin}/{Asylum}"
        : $"{Year}/{Origin}/{Asylum}/{string.Join('/', Detail)}";
}
