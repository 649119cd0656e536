namespace Ingestion.Testing.FakeUnhcr;

/// <summary>Synthesized, stable <c>coo_id</c>/<c>coa_id</c>/<c>id</c> values: the code read as a base-37 number (unique per code).</summary>
public static class FakeIds
{
    public static int For(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var id = 0;
        foreach (var c in code)
        {
            var digit = c switch
            {
                >= 'A' and <= 'Z' => c - 'A' + 1,
                >= '0' and <= '9' => c - '0' + 27,
                _ => 0,
            };
            id = checked((id * 37) + digit);
        }

        return id;
    }
}
