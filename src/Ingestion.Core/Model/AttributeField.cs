namespace Ingestion.Core.Model;

/// <summary>
/// A text attribute kept beside the key (a name, a code, a flag). <see cref="After"/> names the key dimension the
/// typed view shows it after (UNHCR's <c>origin_unhcr</c> after <c>origin_iso</c>); null places it after the measures.
/// </summary>
public sealed record AttributeField(string Name, string? After = null);
