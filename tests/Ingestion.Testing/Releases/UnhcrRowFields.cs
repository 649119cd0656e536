using Ingestion.Core.Model;

namespace Ingestion.Testing.Releases;

/// <summary>A UNHCR row's key read by its fields (year, origin, asylum, then the detail fields), for asserts.</summary>
public static class UnhcrRowFields
{
    extension(StatRow row)
    {
        public int Year => row.Period;

        public string Origin => row.Key[0];

        /// <summary>Empty for reference data, whose key is one code.</summary>
        public string Asylum => row.Key.Length > 1 ? row.Key[1] : "";

        public string[] Detail => row.Key.Length > 2 ? row.Key[2..] : [];
    }
}
