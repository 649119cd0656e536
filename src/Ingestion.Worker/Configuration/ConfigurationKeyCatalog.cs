using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Worker.Configuration;

/// <summary>
/// Knows every configuration key under <c>Ingestion:</c> by walking the options classes, so that a misspelt key
/// (say <c>Ingestion__Sources__Unhcr__BaseAdress</c>) stops the process instead of being silently ignored.
/// </summary>
public sealed class ConfigurationKeyCatalog(IReadOnlyDictionary<string, Type> sections)
{
    private const string DatasetSection = DatasetsOptions.Section + ":";

    /// <summary>Keys outside <c>Ingestion:</c> that the worker reads.</summary>
    private static readonly string[] OtherKnownPrefixes = ["ConnectionStrings:Ingestion", "Serilog:"];

    public bool IsKnown(string key)
    {
        if (OtherKnownPrefixes.Any(p => key.Equals(p, StringComparison.OrdinalIgnoreCase) || (p.EndsWith(':') && key.StartsWith(p, StringComparison.OrdinalIgnoreCase))))
        {
            return true;
        }

        if (key.StartsWith(DatasetSection, StringComparison.OrdinalIgnoreCase))
        {
            // Ingestion:Datasets:<name>:<property path>; the name itself is checked by the datasets validator.
            var rest = key[DatasetSection.Length..].Split(':');
            return rest.Length >= 2 && PathExists(typeof(DatasetOptions), rest.AsSpan(1));
        }

        foreach (var (section, type) in sections)
        {
            if (key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
            {
                return PathExists(type, key[(section.Length + 1)..].Split(':'));
            }
        }

        return false;
    }

    /// <summary>Throws <see cref="UsageException"/> naming the first unknown key under <c>Ingestion:</c>.</summary>
    public void ThrowOnUnknownKeys(IConfiguration configuration)
    {
        var unknown = configuration.GetSection("Ingestion").AsEnumerable()
            .Where(pair => pair.Value is not null && !IsKnown(pair.Key))
            .Select(pair => pair.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException(
                $"Unknown configuration key '{unknown[0]}' (environment variable {unknown[0].Replace(":", "__", StringComparison.Ordinal)})"
                + (unknown.Count > 1 ? $" and {unknown.Count - 1} more" : "") + ".");
        }
    }

    private static bool PathExists(Type type, ReadOnlySpan<string> path)
    {
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null)
        {
            return false;
        }

        if (path.Length == 1)
        {
            return true;
        }

        var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return propertyType.IsClass && propertyType != typeof(string) && PathExists(propertyType, path[1..]);
    }
}
