namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// FNV-1a (64-bit) over an observation's codes, its period and a salt: the same figure on every machine and run,
/// which <see cref="string.GetHashCode()"/> (randomized per process) would not give.
/// </summary>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(string[] key, string period, int salt)
    {
        var hash = Offset;
        foreach (var code in key)
        {
            hash = Add(hash, code);
            hash = (hash ^ '.') * Prime;
        }

        hash = Add(hash, period);
        hash = (hash ^ (uint)salt) * Prime;
        // FNV's low bits mix poorly; fold the high half in so that small moduli are fair.
        return hash ^ (hash >> 29) ^ (hash >> 43);
    }

    private static ulong Add(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash;
    }
}
