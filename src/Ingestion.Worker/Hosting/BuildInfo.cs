using System.Reflection;
using System.Runtime.InteropServices;

namespace Ingestion.Worker.Hosting;

/// <summary>
/// What this executable is: its version, the commit it was built from when the build knew it (the SDK appends
/// <c>+&lt;commit&gt;</c> to the informational version inside a git checkout), and the .NET runtime it runs on.
/// </summary>
public sealed record BuildInfo(string Version, string Commit, string Framework)
{
    public const string UnknownCommit = "unknown";

    public static BuildInfo Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        return FromInformationalVersion(informational, RuntimeInformation.FrameworkDescription);
    }

    /// <summary>Splits <c>1.2.3+0123abcd</c> into version and commit; without a <c>+</c>, the commit is unknown.</summary>
    public static BuildInfo FromInformationalVersion(string informationalVersion, string framework)
    {
        ArgumentNullException.ThrowIfNull(informationalVersion);
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new BuildInfo(informationalVersion, UnknownCommit, framework)
            : new BuildInfo(informationalVersion[..plus], informationalVersion[(plus + 1)..], framework);
    }
}
