using System.Globalization;
using Ingestion.Core.Model;

namespace Ingestion.Sources.Unhcr;

/// <summary>
/// Builds page URIs: <c>{base}{path}?coo_all=true&amp;coa_all=true[&amp;yearFrom&amp;yearTo]&amp;limit&amp;page</c>.
/// Year bounds are sent both or not at all (the API ignores a lone bound). Countries take only limit and page.
/// </summary>
internal sealed class UnhcrRequestUris(Uri baseAddress)
{
    private readonly Uri _base = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");

    public Uri Page(UnhcrEndpoint endpoint, YearScope scope, int limit, int page)
    {
        var query = endpoint.IsReference
            ? string.Create(CultureInfo.InvariantCulture, $"limit={limit}&page={page}")
            : string.Create(CultureInfo.InvariantCulture, $"coo_all=true&coa_all=true{Years(scope)}&limit={limit}&page={page}{endpoint.ExtraQuery}");
        return new Uri(_base, $"{endpoint.Path}?{query}");
    }

    private static string Years(YearScope scope)
    {
        if (scope.IsAll)
        {
            return "";
        }

        if (scope.From is null || scope.To is null)
        {
            throw new ArgumentException($"Year scope {scope.From}..{scope.To} needs both bounds: the UNHCR API ignores a lone bound.", nameof(scope));
        }

        return string.Create(CultureInfo.InvariantCulture, $"&yearFrom={scope.From}&yearTo={scope.To}");
    }
}
