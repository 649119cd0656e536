using Ingestion.Core.Model;

namespace Ingestion.Core.Ports;

/// <summary>
/// A source whose first request of a fetch depends on the dataset and scope only (UNHCR's row-count probe) can send it
/// before the run begins: the CLI's <c>ingest</c> does, while the database opens and the schema is checked, so the
/// request's round trip and the HTTP stack's cold start overlap the database's, and under pacing every later request
/// slot comes that much earlier. The next <see cref="IDatasetSource.FetchAsync"/> of the same scope uses the answer
/// (another scope's fetch drops it); disposing the source lets go of one never used. The early request is one
/// attempt: its retries, if it needs any, are the run's (logged with the run's id, counted in its statistics).
/// </summary>
public interface IEarlyFirstRequest
{
    void SendFirstRequest(YearScope scope);
}
