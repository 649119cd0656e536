using System.Security.Cryptography;

namespace Ingestion.Core.Ports;

/// <summary>One raw response body exactly as the publisher sent it, kept so a run can be reprocessed offline.</summary>
public sealed record RawPage(string Dataset, int PageNumber, string RequestUri, ReadOnlyMemory<byte> Content)
{
    private string? _sha256;

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>: the page's identity in the archive.</summary>
    public string Sha256 => _sha256 ??= Convert.ToHexStringLower(SHA256.HashData(Content.Span));
}
