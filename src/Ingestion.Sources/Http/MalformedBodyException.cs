using Ingestion.Core.Ports;

namespace Ingestion.Sources.Http;

/// <summary>
/// A body that is not the whole JSON document a success status promised: cut short, or an error page served with
/// 200. The parser finds out as it reads; inside a retried request this is retried like a 5xx (see
/// <see cref="Unhcr.UnhcrPageClient"/>), and anywhere else it is the run's error.
/// </summary>
internal sealed class MalformedBodyException(string message, string problem) : SourceException(message)
{
    /// <summary>What is wrong with the body, e.g. <c>not valid JSON: …</c>.</summary>
    public string Problem { get; } = problem;
}
