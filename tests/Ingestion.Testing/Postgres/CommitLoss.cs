namespace Ingestion.Testing.Postgres;

/// <summary>Where <see cref="CommitLossProxy"/> loses a COMMIT.</summary>
public enum CommitLoss
{
    /// <summary>The client's COMMIT never reaches the server: the transaction rolls back when its backend ends.</summary>
    Request,

    /// <summary>The server commits, and its reply (CommandComplete <c>COMMIT</c>) never reaches the client.</summary>
    Reply,
}
