using System.Text.Json;
using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

/// <summary>Reads one origin × asylum item (identity block, detail fields, counts) into a <see cref="StatRow"/>.</summary>
internal sealed class PairItemReader(UnhcrEndpoint endpoint, StringCache strings)
{
    private const int Identity = 9;
    private readonly FieldSet _fields = endpoint.ItemFields;
    private readonly int _details = endpoint.Dataset.Key.Count - 2;
    private readonly int _measures = endpoint.Dataset.Measures.Count;

    public StatRow Read(ref Utf8JsonReader reader, in ParseScope scope)
    {
        scope.Expect(ref reader, JsonTokenType.StartObject, "items[]");
        var year = 0;
        string? cooName = null, coo = null, coaName = null, coa = null;
        var key = new string[2 + _details]; // origin_iso, asylum_iso, then the detail fields
        var measures = new long?[_measures];
        var suppressedMask = 0L;
        var seen = 0UL;
        while (scope.NextField(ref reader, _fields, ref seen, out var index))
        {
            var field = _fields.Names[index];
            switch (index)
            {
                case 0: year = scope.ReadInt(ref reader, field); break;
                case 1 or 5: scope.SkipScalar(ref reader, field); break;
                case 2: cooName = scope.ReadText(ref reader, field, strings); break;
                case 3: coo = scope.ReadText(ref reader, field, strings); break;
                case 4: key[0] = scope.ReadRequiredText(ref reader, field, strings); break;
                case 6: coaName = scope.ReadText(ref reader, field, strings); break;
                case 7: coa = scope.ReadText(ref reader, field, strings); break;
                case 8: key[1] = scope.ReadRequiredText(ref reader, field, strings); break;
                default:
                    if (index < Identity + _details)
                    {
                        key[2 + index - Identity] = scope.ReadRequiredText(ref reader, field, strings);
                    }
                    else
                    {
                        var measure = index - Identity - _details;
                        measures[measure] = scope.ReadCount(ref reader, field, out var suppressed);
                        if (suppressed)
                        {
                            suppressedMask |= 1L << measure;
                        }
                    }

                    break;
            }
        }

        return new StatRow(year, key, measures, [coo, cooName, coa, coaName], suppressedMask);
    }
}
