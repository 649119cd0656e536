using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

/// <summary>How one dataset is requested from the UNHCR API and which item fields it must carry, in API order.</summary>
internal sealed record UnhcrEndpoint(DatasetDescriptor Dataset, string Path, string ExtraQuery, FieldSet ItemFields)
{
    public bool IsReference => !Dataset.HasPeriod;
}
