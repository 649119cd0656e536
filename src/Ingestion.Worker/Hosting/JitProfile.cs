using System.Runtime;

namespace Ingestion.Worker.Hosting;

/// <summary>
/// Multi-core JIT for a process that lives a second: each verb records the methods it compiled (about 2,000 even with
/// ReadyToRun: generic code of the framework instantiated over this program's types, chiefly async state machines,
/// which ReadyToRun cannot precompile outside the framework) in a profile, and the next start of the same verb
/// compiles them on another core before they are first called. A cache only: the first run of a verb records, a
/// temp folder that cannot be written means no profile, and the runtime ignores a profile it cannot read.
/// </summary>
internal static class JitProfile
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "ingestion-jit-profiles");

    public static void Start(string[] args)
    {
        try
        {
            Directory.CreateDirectory(Folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // read-only file system: the process compiles as it would without a profile
        }

        ProfileOptimization.SetProfileRoot(Folder);
        ProfileOptimization.StartProfile($"{Verb(args)}.jitprofile");
    }

    /// <summary>The verb names the profile (each verb runs different code); anything else shares one.</summary>
    private static string Verb(string[] args) =>
        args is [var first, ..] && first.Length is > 0 and <= 20 && !first.AsSpan().ContainsAnyExceptInRange('a', 'z') ? first : "other";
}
