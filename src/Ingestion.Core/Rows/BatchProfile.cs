using System.Buffers.Binary;
using System.Security.Cryptography;
using Ingestion.Core.Model;

namespace Ingestion.Core.Rows;

/// <summary>
/// What the gate and the unchanged check need to know about a run's rows, gathered as they stream past in constant
/// memory: how many, which years, which measures have any value, and an order-independent content hash.
/// </summary>
public sealed class BatchProfile(DatasetDescriptor dataset)
{
    private readonly HashSet<int> _years = [];
    private readonly bool[] _measureHasValue = new bool[dataset.Measures.Count];
    private UInt128 _hashSum;

    public long Rows { get; private set; }

    public IReadOnlySet<int> Years => _years;

    /// <summary>Measures no row has a value for.</summary>
    public IReadOnlyList<string> MeasuresWithoutValues => [.. dataset.Measures.Where((_, i) => !_measureHasValue[i])];

    /// <summary>
    /// SHA-256 of the sum (mod 2^128) of the row hashes: the same rows give the same hash in any order, and keeping it
    /// costs 16 bytes however many rows there are. Keys are unique within a run, so a sum cannot cancel out pairs.
    /// </summary>
    public string ContentSha256
    {
        get
        {
            Span<byte> sum = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(sum, _hashSum);
            return Convert.ToHexStringLower(SHA256.HashData(sum));
        }
    }

    public void Add(StatRow row, UInt128 rowHash)
    {
        ArgumentNullException.ThrowIfNull(row);
        Rows++;
        _years.Add(dataset.YearOf(row.Period));
        _hashSum += rowHash;
        for (var i = 0; i < row.Measures.Length; i++)
        {
            _measureHasValue[i] |= row.Measures[i] is not null;
        }
    }
}
