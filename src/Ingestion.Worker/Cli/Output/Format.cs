using System.Globalization;

namespace Ingestion.Worker.Cli.Output;

/// <summary>Cell formatting shared by the tables.</summary>
public static class Format
{
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(long? value) => value is null ? "-" : Number(value.Value);

    public static string Time(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    public static string Duration(TimeSpan value) => value.TotalSeconds < 60
        ? value.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture)
        : value.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);

    public static string Years(int? from, int? to) => from is null ? "all" : $"{from}-{to}";

    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
