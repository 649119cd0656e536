namespace Ingestion.Sources.Eurostat;

/// <summary>
/// One string per distinct value of each column: a year of a flow repeats a few hundred codes over hundreds of
/// thousands of lines. Each column keeps at most <see cref="MaxPerColumn"/> values (bounded memory); beyond that a
/// value is simply copied.
/// </summary>
internal sealed class SharedStrings
{
    private const int MaxPerColumn = 65_536;
    private readonly List<Dictionary<string, string>> _columns = [];

    public string Get(int column, ReadOnlySpan<char> value)
    {
        while (_columns.Count <= column)
        {
            _columns.Add(new Dictionary<string, string>(StringComparer.Ordinal));
        }

        var values = _columns[column];
        var lookup = values.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var shared))
        {
            return shared;
        }

        var text = value.ToString();
        if (values.Count < MaxPerColumn)
        {
            values[text] = text;
        }

        return text;
    }
}
