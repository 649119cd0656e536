namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// English names of codes by dimension, for the code lists of the structure message. The fixed codes of the asylum
/// flows (freq, unit, sex, age, applicant, decision and the citizen aggregates) are always known; geo and citizen
/// names come from the data (the real exports carry labels). An unknown code is named by itself.
/// </summary>
public sealed class EurostatLabels
{
    private static readonly Dictionary<(string, string), string> Fixed = new()
    {
        [("freq", "A")] = "Annual",
        [("freq", "M")] = "Monthly",
        [("unit", "PER")] = "Person",
        [("sex", "T")] = "Total",
        [("sex", "M")] = "Males",
        [("sex", "F")] = "Females",
        [("sex", "UNK")] = "Unknown",
        [("age", "TOTAL")] = "Total",
        [("age", "Y_LT14")] = "Less than 14 years",
        [("age", "Y14-17")] = "From 14 to 17 years",
        [("age", "Y_LT18")] = "Less than 18 years",
        [("age", "Y18-34")] = "From 18 to 34 years",
        [("age", "Y35-64")] = "From 35 to 64 years",
        [("age", "Y_GE65")] = "65 years or over",
        [("age", "UNK")] = "Unknown",
        [("applicant", "TOTAL")] = "Total",
        [("applicant", "FRST")] = "First time applicant",
        [("applicant", "SSEQ")] = "Subsequent applicant",
        [("decision", "TOTAL")] = "Total",
        [("decision", "POS")] = "Total positive decisions",
        [("decision", "NEG")] = "Rejected",
        [("citizen", "TOTAL")] = "Total",
        [("citizen", "EU28")] = "European Union (28 countries)",
        [("citizen", "EXT_EU28")] = "Extra-EU-28",
        [("citizen", "UNK")] = "Unknown",
        [("geo", "TOTAL")] = "Total",
        [("geo", "EU28")] = "European Union (28 countries)",
    };

    private readonly Dictionary<(string, string), string> _names;

    /// <param name="names">(dimension id, code) → name; these win over the fixed names.</param>
    public EurostatLabels(IReadOnlyDictionary<(string Dimension, string Code), string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = names.ToDictionary(n => (n.Key.Dimension.ToLowerInvariant(), n.Key.Code), n => n.Value);
    }

    /// <summary>Only the fixed names.</summary>
    public static EurostatLabels Common { get; } = new(new Dictionary<(string, string), string>());

    public string Name(string dimension, string code)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        var key = (dimension.ToLowerInvariant(), code);
        return _names.TryGetValue(key, out var name) || Fixed.TryGetValue(key, out name) ? name : code;
    }
}
