using System.Diagnostics.CodeAnalysis;

namespace Ingestion.Sources.Publishing;

/// <summary>
/// A configuration section (e.g. <c>Ingestion:Sources:Unhcr</c>) and the options class bound from it: its public
/// properties are the section's keys. The annotation keeps them visible to reflection in the natively compiled
/// executable, where the configuration check walks them.
/// </summary>
public sealed class OptionsSection(string name, [DynamicallyAccessedMembers(OptionsSection.Keys)] Type type)
{
    /// <summary>What a walk over an options class needs to see.</summary>
    public const DynamicallyAccessedMemberTypes Keys = DynamicallyAccessedMemberTypes.PublicProperties;

    public string Name { get; } = name;

    [DynamicallyAccessedMembers(Keys)]
    public Type Type { get; } = type;
}
