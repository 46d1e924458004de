namespace Baton.Testing;

/// <summary>Azurite, the real Azure Storage emulator, started once per test process by <c>eng/azurite/start.sh</c>
/// (which installs it from the committed lockfile when missing) on free loopback ports, in memory.</summary>
/// <remarks>Never skipped: when Azurite cannot start, the tests that need it fail with the script's reason.</remarks>
public static class Azurite
{
    private static readonly Lazy<Task<string>> Started = new(() => ServiceScript.StartAsync("azurite/start.sh", "azurite"));

    /// <summary>The connection string of the running emulator.</summary>
    public static Task<string> ConnectionStringAsync() => Started.Value;
}
