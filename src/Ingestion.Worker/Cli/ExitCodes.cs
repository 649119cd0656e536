namespace Ingestion.Worker.Cli;

/// <summary>DESIGN §5: 0 success, 1 a run failed, 2 bad usage or configuration.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int RunFailed = 1;
    public const int Usage = 2;
}
