namespace Ingestion.Sources.Eurostat;

/// <summary>
/// One data request: a range of periods and, once a request has been split, the codes it selects per dimension
/// (absent dimension = every code). Too big a request (413) is halved: its months first, then its <c>geo</c> codes,
/// then its <c>citizen</c> codes, until each part is small enough.
/// </summary>
internal sealed record RequestUnit(PeriodRange Periods, IReadOnlyDictionary<string, IReadOnlyList<string>> Filter)
{
    private static readonly string[] SplitDimensions = ["geo", "citizen"];

    public static RequestUnit Whole(PeriodRange periods) => new(periods, new Dictionary<string, IReadOnlyList<string>>());

    public bool IsFiltered => Filter.Count > 0;

    /// <summary>The two halves of this request, or null when it selects one period and one code of each split dimension.</summary>
    public (RequestUnit, RequestUnit)? Halve(DataStructure? structure)
    {
        if (Periods.Count > 1)
        {
            var (early, late) = Periods.Halve();
            return (this with { Periods = early }, this with { Periods = late });
        }

        foreach (var dimension in SplitDimensions)
        {
            var codes = Filter.GetValueOrDefault(dimension) ?? structure?.Codes(dimension) ?? [];
            if (codes.Count > 1)
            {
                var half = (codes.Count + 1) / 2;
                return (With(dimension, [.. codes.Take(half)]), With(dimension, [.. codes.Skip(half)]));
            }
        }

        return null;
    }

    public override string ToString() =>
        $"{Periods.StartText}..{Periods.EndText}{string.Concat(Filter.Select(f => $", {f.Key} {string.Join('+', f.Value)}"))}";

    private RequestUnit With(string dimension, IReadOnlyList<string> codes) =>
        this with { Filter = new Dictionary<string, IReadOnlyList<string>>(Filter) { [dimension] = codes } };
}
