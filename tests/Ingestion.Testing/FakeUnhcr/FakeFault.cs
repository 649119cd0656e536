namespace Ingestion.Testing.FakeUnhcr;

/// <summary>A fault the fake API injects instead of (or into) a normal response. Create with the factory methods.</summary>
public sealed record FakeFault
{
    private FakeFault(FakeFaultKind kind) => Kind = kind;

    public FakeFaultKind Kind { get; }

    public int StatusCode { get; private init; } = 200;

    public TimeSpan Delay { get; private init; }

    public string? From { get; private init; }

    public string? To { get; private init; }

    /// <summary>An empty error response with this status (503 for a burst, 404/400 for permanent errors).</summary>
    public static FakeFault Status(int statusCode) => new(FakeFaultKind.Status) { StatusCode = statusCode };

    /// <summary>429 with <c>Retry-After: &lt;seconds&gt;</c>.</summary>
    public static FakeFault TooManyRequests(TimeSpan retryAfter) => new(FakeFaultKind.RetryAfterSeconds) { StatusCode = 429, Delay = retryAfter };

    /// <summary>429 with <c>Retry-After</c> as an HTTP-date this far in the future.</summary>
    public static FakeFault TooManyRequestsUntil(TimeSpan fromNow) => new(FakeFaultKind.RetryAfterDate) { StatusCode = 429, Delay = fromNow };

    /// <summary>Aborts the connection after reading the request (the client sees a reset).</summary>
    public static FakeFault ResetConnection() => new(FakeFaultKind.Reset);

    /// <summary>Waits this long before answering normally.</summary>
    public static FakeFault Slow(TimeSpan delay) => new(FakeFaultKind.Slow) { Delay = delay };

    /// <summary>A 200 whose JSON body is cut in half (Content-Length matches the cut body).</summary>
    public static FakeFault TruncatedJson() => new(FakeFaultKind.Truncated);

    /// <summary>A 200 with an HTML error page, as an upstream proxy sends.</summary>
    public static FakeFault HtmlPage() => new(FakeFaultKind.Html);

    /// <summary>Renames a JSON property in the body (<c>"from":</c> → <c>"to":</c>), e.g. an upstream schema change.</summary>
    public static FakeFault RenameField(string from, string to) => new(FakeFaultKind.RenameField) { From = from, To = to };
}
