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
}
