using System.Text.Json;
using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// Reads one <c>/countries/</c> item. Key: ISO3 (<c>iso</c>); the few countries without an ISO3 (e.g. Tibetan,
/// UNHCR code TIB, which the data tables also use as its pseudo-ISO) are keyed by their UNHCR code.
/// Attributes: unhcr_code, iso2, name, name_long, major_area, region; empty strings become null.
/// </summary>
internal sealed class CountryItemReader(UnhcrEndpoint endpoint, StringCache strings)
{
    private readonly FieldSet _fields = endpoint.ItemFields;

    public StatRow Read(ref Utf8JsonReader reader, in ParseScope scope)
    {
        scope.Expect(ref reader, JsonTokenType.StartObject, "items[]");
        var values = new string?[_fields.Count];
        var seen = 0UL;
        while (scope.NextField(ref reader, _fields, ref seen, out var index))
        {
            if (index <= 1)
            {
                scope.SkipScalar(ref reader, _fields.Names[index]);
            }
            else
            {
                var text = scope.ReadText(ref reader, _fields.Names[index], strings);
                values[index] = string.IsNullOrEmpty(text) ? null : text;
            }
        }

        var code = values[2];
        var key = values[3] ?? code ?? throw scope.Format("iso", "and 'code' are both empty: the country has no key");
        return new StatRow(0, [key], [], [code, values[4], values[5], values[7], values[11], values[12]]);
    }
}
