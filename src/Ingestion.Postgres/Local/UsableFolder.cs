using System.Security.Cryptography;
using System.Text;

namespace Ingestion.Postgres.Local;

/// <summary>
/// When we run as root the server runs as an unprivileged user, who may not be able to reach the wanted
/// folder (a checkout under /root, say). Then the cluster goes to a folder of its own under /var/tmp, named
/// after the wanted path so that it is still found again on the next start.
/// </summary>
internal static class UsableFolder
{
    public static async Task<string> ResolveAsync(string wanted, CancellationToken cancellationToken)
    {
        var user = OsUser.ServerUser;
        if (user is null)
        {
            return wanted;
        }

        var existingParent = ExistingAncestor(Path.GetDirectoryName(wanted)!);
        if (await CanServerUserTraverseAsync(existingParent, cancellationToken))
        {
            return wanted;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(wanted)))[..16];
        return Path.Combine("/var/tmp", $"ingestion-pg-{hash}");
    }

    private static string ExistingAncestor(string path)
    {
        var dir = new DirectoryInfo(path);
        while (!dir.Exists && dir.Parent is not null)
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }

    private static async Task<bool> CanServerUserTraverseAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessRunner.RunAsync("test", ["-x", path], cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
