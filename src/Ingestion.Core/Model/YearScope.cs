namespace Ingestion.Core.Model;

/// <summary>
/// The years a run covers. <see cref="All"/> is the full history; otherwise both bounds are set,
/// because the UNHCR API ignores a lone bound (DESIGN §3). A diff only ever touches rows inside the scope.
/// </summary>
public readonly record struct YearScope(int? From, int? To)
{
    public static YearScope All => default;

    public bool IsAll => From is null && To is null;

    public static YearScope Between(int from, int to)
    {
        if (from > to)
        {
            throw new ArgumentException($"Year range {from}..{to} is reversed: --from must not be after --to.");
        }

        return new YearScope(from, to);
    }

    public bool Contains(int year) => IsAll || (year >= From && year <= To);

    public override string ToString() => IsAll ? "all years" : $"{From}..{To}";
}
