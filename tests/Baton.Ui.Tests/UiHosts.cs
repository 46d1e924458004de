using Baton.Hosts.Testing;

namespace Baton.Ui.Tests;

/// <summary>The hosts the browser tests drive, each started on first use with a fresh backend and known keys, and stopped
/// after the last test: <c>baton serve</c> on the embedded hub, <c>baton serve --backend durable</c>, and the function app;
/// and the chromium they drive, which must be installed (.ci/run installs Debian's).</summary>
public sealed class UiHosts : IAsyncLifetime
{
    private readonly Dictionary<ApiHostKind, Task<ApiServer>> _started = [];
    private readonly Lock _gate = new();

    /// <summary>The chromium the browser tests drive.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The host of the given kind, started on first use.</summary>
    public Task<ApiServer> GetAsync(ApiHostKind kind)
    {
        lock (_gate)
        {
            if (!_started.TryGetValue(kind, out var host))
            {
                _started[kind] = host = ApiServer.StartAsync(kind);
            }
            return host;
        }
    }

    public Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"chromium is not installed at {Chromium}: `apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH.");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _started.Values)
        {
            await (await host).DisposeAsync();
        }
    }
}
