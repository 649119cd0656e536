using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Ingestion.Testing.Postgres;

/// <summary>
/// Asks the Docker engine (DOCKER_HOST or /var/run/docker.sock) for its API version. Testcontainers 4 needs
/// API 1.44 or newer; Debian 12's docker.io 20.10 speaks only 1.41, and a CLI without an engine answers nothing.
/// </summary>
internal static class DockerEngineProbe
{
    private static readonly Version MinimumApi = new(1, 44);

    /// <summary>Null when the engine is usable, else the reason it is not.</summary>
    public static async Task<string?> WhyUnusableAsync(CancellationToken cancellationToken)
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        string socketPath;
        if (string.IsNullOrEmpty(host))
        {
            socketPath = "/var/run/docker.sock";
        }
        else if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            socketPath = host["unix://".Length..];
        }
        else
        {
            return null; // a TCP engine: let Testcontainers try it and report its own failure
        }

        if (!File.Exists(socketPath))
        {
            return $"no Docker engine socket at {socketPath}";
        }

        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            var version = await client.GetFromJsonAsync<JsonElement>("http://docker/version", cancellationToken);
            var api = Version.Parse(version.GetProperty("ApiVersion").GetString() ?? "0.0");
            return api >= MinimumApi ? null : $"Docker engine speaks API {api}, Testcontainers needs {MinimumApi}";
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or JsonException or TaskCanceledException or FormatException or KeyNotFoundException)
        {
            return $"Docker engine at {socketPath} did not answer ({e.GetType().Name}: {e.Message})";
        }
    }
}
