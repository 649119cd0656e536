namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// What the fake serves for one dataflow: a release, immutable, swapped whole with <see cref="FakeEurostatApi.Serve"/>.
/// Two implementations: <see cref="EurostatFlowData"/> holds its observations (the real exports, hand-made cases);
/// <see cref="EurostatFullSize"/> computes them from the key, so twelve million observations cost no memory.
/// <see cref="Count"/> must be cheap: the fake calls it on every data request to apply the size rules.
/// </summary>
public interface IEurostatFlow
{
    EurostatFlowDefinition Definition { get; }

    /// <summary>
    /// The LAST UPDATE column (<c>dd/MM/yy HH:mm:ss</c>) and the table of contents' "last update of data" (<c>DD.MM.YYYY</c>),
    /// both written as the wall-clock time of the offset it carries: give it Eurostat's (CET/CEST, updates at 11:00 and 23:00).
    /// </summary>
    DateTimeOffset LastUpdate { get; }

    /// <summary>Every observation, for the table of contents' "values".</summary>
    long TotalCount { get; }

    /// <summary>The first and last period present (table of contents' "data start"/"data end"); null when empty.</summary>
    string? FirstPeriod { get; }

    string? LastPeriod { get; }

    /// <summary>The codes present in a dimension (by position), for the structure's code lists and key splitting.</summary>
    IReadOnlyList<string> Codes(int position);

    /// <summary>The English name of a code in a dimension (by position); the code itself when none is known.</summary>
    string Label(int position, string code);

    /// <summary>How many observations match, without producing them.</summary>
    long Count(EurostatQuery query);

    /// <summary>The matching observations in Eurostat's order (series key, then period), lazily.</summary>
    IEnumerable<EurostatObservation> Matching(EurostatQuery query);
}
