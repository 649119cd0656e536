using Microsoft.Extensions.Logging;
using Quartz;

namespace Ingestion.Worker.Scheduling;

/// <summary>
/// The log scope every job opens: <c>Dataset</c>, and <c>RunId</c> as the Quartz fire instance id until the
/// pipeline's own run id (a row in <c>ingestion.runs</c>) takes over inside the run.
/// </summary>
internal static class JobLogScope
{
    public static IDisposable? Begin(ILogger logger, IJobExecutionContext context, string dataset) =>
        logger.BeginScope(new Dictionary<string, object?>
        {
            ["RunId"] = context.FireInstanceId,
            ["Dataset"] = dataset,
            ["JobKey"] = context.JobDetail.Key.ToString(),
        });
}
