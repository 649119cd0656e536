using System.Diagnostics;
using Ingestion.Core.Pipeline;
using Ingestion.Core.Runs;

namespace Ingestion.Core.Diagnostics;

/// <summary>
/// The <c>Ingestion</c> activity source and the helpers that start its spans. Without a listener (no tracer
/// provider) every start returns null and costs a check. Stage spans copy the run id from the run span above
/// them, so the sources and the store, which do not know the run, still tag their spans with it.
/// </summary>
public static class IngestionActivitySource
{
    public const string Name = "Ingestion";

    public static ActivitySource Source { get; } =
        new(Name, typeof(IngestionActivitySource).Assembly.GetName().Version?.ToString());

    public static Activity? StartRun(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var activity = Source.StartActivity(IngestionSpanNames.Run);
        activity?.SetTag(IngestionTagNames.Dataset, request.Dataset.Name)
            .SetTag(IngestionTagNames.Trigger, request.Trigger.ToString().ToLowerInvariant())
            .SetTag(IngestionTagNames.Scope, request.Scope.ToString());
        return activity;
    }

    /// <summary>A stage of the current run (<see cref="IngestionSpanNames"/>), tagged with the dataset and the run's id.</summary>
    public static Activity? StartStage(string name, string dataset)
    {
        var activity = Source.StartActivity(name);
        if (activity is not null)
        {
            activity.SetTag(IngestionTagNames.Dataset, dataset);
            activity.SetTag(IngestionTagNames.RunId, RunIdAbove(activity.Parent));
        }

        return activity;
    }

    /// <summary>A stage of one page: its fetch or its parse.</summary>
    public static Activity? StartPage(string name, string dataset, int page) =>
        StartStage(name, dataset)?.SetTag(IngestionTagNames.Page, page);

    /// <summary>Tags the run span with the outcome; a run that did not succeed is an error, with its reason.</summary>
    public static void RecordOutcome(Activity? run, RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (run is null)
        {
            return;
        }

        run.SetTag(IngestionTagNames.RunId, outcome.RunId);
        run.SetTag(IngestionTagNames.Outcome, outcome.Status.ToString().ToLowerInvariant());
        if (outcome.Status == RunStatus.Failed)
        {
            run.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }
    }

    private static object? RunIdAbove(Activity? activity)
    {
        for (var current = activity; current is not null; current = current.Parent)
        {
            if (current.OperationName == IngestionSpanNames.Run)
            {
                return current.GetTagItem(IngestionTagNames.RunId);
            }
        }

        return null;
    }
}
