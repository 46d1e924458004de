using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Baton.Testing;

/// <summary>A real container engine for tests: podman's Docker-compatible API, started once per test process by
/// <c>eng/containers/podman.sh</c> (which installs podman when it is missing) and stopped when the process exits.</summary>
/// <remarks>Never skipped: when the engine cannot start, the tests that need it fail with the script's reason.</remarks>
public static class PodmanEngine
{
    /// <summary>The local image every container test uses: busybox with its applets on PATH.</summary>
    public const string Image = "localhost/baton-busybox:1";

    private static readonly Lazy<Task<string>> Started = new(() => ServiceScript.StartAsync("containers/podman.sh", "podman"));

    /// <summary>The engine's address for DOCKER_HOST (unix:///.../podman.sock), once it answers.</summary>
    public static Task<string> DockerHostAsync() => Started.Value;

    /// <summary>The names and states of the containers carrying a label with a value, asked of the engine itself.</summary>
    public static async Task<IReadOnlyList<(string Name, string State)>> ContainersAsync(string label, string value)
    {
        using var http = await ClientAsync();
        var filters = Uri.EscapeDataString($$"""{"label":["{{label}}={{value}}"]}""");
        var list = JsonNode.Parse(await http.GetStringAsync($"v1.41/containers/json?all=true&filters={filters}"))!.AsArray();
        return [.. list.Select(c => (c!["Names"]![0]!.GetValue<string>().TrimStart('/'), c["State"]!.GetValue<string>()))];
    }

    /// <summary>Removes, killing if need be, every container carrying a label with a value (a test's cleanup).</summary>
    public static async Task RemoveAllAsync(string label, string value)
    {
        using var http = await ClientAsync();
        foreach (var (name, _) in await ContainersAsync(label, value))
        {
            using var _ = await http.DeleteAsync($"v1.41/containers/{Uri.EscapeDataString(name)}?force=true");
        }
    }

    private static async Task<HttpClient> ClientAsync()
    {
        var socket = (await DockerHostAsync())["unix://".Length..];
        return new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        }) { BaseAddress = new Uri("http://podman/") };
    }
}
