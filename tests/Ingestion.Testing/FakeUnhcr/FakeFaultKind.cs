namespace Ingestion.Testing.FakeUnhcr;

public enum FakeFaultKind
{
    Status,
    RetryAfterSeconds,
    RetryAfterDate,
    Reset,
    Slow,
    Truncated,
    Html,
    RenameField,
}
