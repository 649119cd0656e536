namespace Ingestion.Core.Pipeline;

/// <summary>Hears about every finished run (metrics, progress). Implementations must not throw.</summary>
public interface IRunObserver
{
    void RunFinished(RunOutcome outcome);
}
