using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Ingestion.Core.Quality;
using Ingestion.Sources.Publishing;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Worker.Configuration;

/// <summary>
/// Knows every configuration key under <c>Ingestion:</c> and its type by walking the options classes, so that a
/// misspelt key (say <c>Ingestion__Sources__Unhcr__BaseAdress</c>) or a value the binder cannot convert (a port of
/// <c>abc</c>) is reported instead of being silently ignored or failing the bind with an exception.
/// </summary>
public sealed class ConfigurationKeyCatalog(IReadOnlyList<OptionsSection> sections)
{
    private const string DatasetSection = DatasetsOptions.Section + ":";

    /// <summary>The connection string: read outside <c>Ingestion:</c>, as are the log levels (<see cref="LogLevelSettings"/>).</summary>
    private const string ConnectionStringKey = "ConnectionStrings:Ingestion";

    public bool IsKnown(string key) => IsOutsideOptions(key) || PropertyType(key) is not null;

    /// <summary>
    /// Every key under <c>Ingestion:</c> that no option reads, and every value its option's type cannot hold, each
    /// with its key and value, in key order. Empty when all is well.
    /// </summary>
    public IReadOnlyList<ConfigurationProblem> Check(IConfiguration configuration)
    {
        var problems = new List<ConfigurationProblem>();
        foreach (var (key, value) in configuration.GetSection("Ingestion").AsEnumerable().OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (value is null || IsOutsideOptions(key))
            {
                continue;
            }

            if (PropertyType(key) is not { } type)
            {
                problems.Add(new ConfigurationProblem(key, $"unknown key {key} (value '{value}')", IsUnknownKey: true));
            }
            else if (!CanHold(type, value))
            {
                problems.Add(new ConfigurationProblem(key, $"{key} must be {Describe(Nullable.GetUnderlyingType(type) ?? type)}, was '{value}'", IsUnknownKey: false));
            }
        }

        return problems;
    }

    private static bool IsOutsideOptions(string key) =>
        key.Equals(ConnectionStringKey, StringComparison.OrdinalIgnoreCase) || LogLevelSettings.IsLevelKey(key);

    /// <summary>The type of the option a key sets, or null when no option has that path.</summary>
    private Type? PropertyType(string key)
    {
        if (key.StartsWith(DatasetSection, StringComparison.OrdinalIgnoreCase))
        {
            // Ingestion:Datasets:<name>:<property path>; the name itself is checked by the datasets validator.
            var rest = key[DatasetSection.Length..].Split(':');
            return rest.Length >= 2 ? PropertyType(typeof(DatasetOptions), rest.AsSpan(1)) : null;
        }

        foreach (var section in sections)
        {
            if (key.StartsWith(section.Name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return PropertyType(section.Type, key[(section.Name.Length + 1)..].Split(':'));
            }
        }

        return null;
    }

    // A nested section's type comes from a PropertyInfo, which carries no annotation: each one is named here, so its
    // keys stay visible to reflection in the natively compiled executable (DatasetOptions.Gate is the only one).
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(QualityGateOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Nested section types are kept by the DynamicDependency above.")]
    private static Type? PropertyType([DynamicallyAccessedMembers(OptionsSection.Keys)] Type type, ReadOnlySpan<string> path)
    {
        var name = path[0];
        var property = Array.Find(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (property is null)
        {
            return null;
        }

        if (path.Length == 1)
        {
            return property.PropertyType;
        }

        var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return IsSection(propertyType) ? PropertyType(propertyType, path[1..]) : null;
    }

    /// <summary>What the (generated) configuration binder accepts: an empty value for a nullable, else what its parse accepts.</summary>
    private static bool CanHold(Type type, string value)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return value.Length == 0 || CanHold(underlying, value);
        }

        var invariant = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(string) => true,
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, invariant, out _),
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(value, invariant, out _),
            _ when IsSection(type) => false,
            // A developer's error, met by the first test that sets such a key: name the type to add here.
            _ => throw new NotSupportedException($"The configuration check cannot tell whether a {type.Name} can hold '{value}': add the type to ConfigurationKeyCatalog.CanHold."),
        };
    }

    private static bool IsSection(Type type) => type.IsClass && type != typeof(string);

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration such as 00:00:30",
        _ when IsSection(type) => "a section (set its keys, not the section itself)",
        _ => $"a {type.Name}",
    };
}
