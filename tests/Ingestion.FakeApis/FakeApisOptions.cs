using System.Globalization;
using Ingestion.Testing.FakeUnhcr;

namespace Ingestion.FakeApis;

/// <summary>The command line of Ingestion.FakeApis.</summary>
internal sealed record FakeApisOptions(string DataFolder, int Port, string ListenAddress, string Release)
{
    private const string Usage = "usage: Ingestion.FakeApis --data <folder> [--port N] [--listen ADDRESS] [--release R]";

    /// <summary>The options, or null with <paramref name="error"/> saying what is wrong in one line.</summary>
    public static FakeApisOptions? Parse(string[] args, out string error)
    {
        string? data = null;
        var port = 9000;
        var listen = "127.0.0.1";
        var release = FakeUnhcrTable.LatestRelease;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                error = $"{args[i]} needs a value; {Usage}";
                return null;
            }

            var value = args[i + 1];
            switch (args[i])
            {
                case "--data":
                    data = Path.GetFullPath(value);
                    break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536:
                    port = p;
                    break;
                case "--port":
                    error = $"--port must be a port number (1-65535), was '{value}'";
                    return null;
                case "--listen":
                    listen = value;
                    break;
                case "--release":
                    release = value;
                    break;
                default:
                    error = $"unknown argument '{args[i]}'; {Usage}";
                    return null;
            }
        }

        if (data is null)
        {
            error = $"--data is required; {Usage}";
            return null;
        }

        var releaseFolder = Path.Combine(data, "unhcr-refugees-r", release);
        if (!Directory.Exists(releaseFolder))
        {
            error = $"--data {data} holds no release {release} (no folder {releaseFolder})";
            return null;
        }

        error = "";
        return new FakeApisOptions(data, port, listen, release);
    }
}
