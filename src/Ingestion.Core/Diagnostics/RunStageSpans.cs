using System.Diagnostics;

namespace Ingestion.Core.Diagnostics;

/// <summary>
/// Consecutive stages of one run, one span open at a time: <see cref="Begin"/> ends the open stage and starts the
/// next, disposing ends the last one (also when an exception leaves the method, so its span still shows where
/// the run stopped). Lets a method that runs several stages trace them without nesting its code in blocks.
/// </summary>
public sealed class RunStageSpans(string dataset) : IDisposable
{
    private Activity? _open;

    public Activity? Begin(string name)
    {
        End();
        _open = IngestionActivitySource.StartStage(name, dataset);
        return _open;
    }

    public void Dispose() => End();

    private void End()
    {
        _open?.Dispose();
        _open = null;
    }
}
