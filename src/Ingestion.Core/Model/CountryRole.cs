namespace Ingestion.Core.Model;

/// <summary>The country role of a key dimension, so datasets of different publishers can be joined on ISO3.</summary>
public enum CountryRole
{
    None,

    /// <summary>Where people come from (UNHCR <c>coo</c>, Eurostat <c>citizen</c>).</summary>
    Origin,

    /// <summary>Where they are or apply (UNHCR <c>coa</c>, Eurostat <c>geo</c>).</summary>
    Asylum,
}
