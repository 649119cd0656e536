namespace Ingestion.Core.Model;

/// <summary>
/// What a dataset's period is. <see cref="StatRow.Period"/> holds it as one integer: 0 for <see cref="None"/>,
/// <c>yyyy</c> for <see cref="Year"/>, <c>yyyymm</c> for <see cref="YearMonth"/>, so periods sort and compare as numbers.
/// </summary>
public enum PeriodKind
{
    /// <summary>Reference data: no period (stored as 0).</summary>
    None,

    Year,

    YearMonth,
}
