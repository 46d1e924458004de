using Baton.Host;
using Baton.Runtime.Hosting;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Ui.Tests;

/// <summary>A real control plane (embedded hub, fresh SQLite store, known admin key) serving the committed UI build, for
/// the browser tests; and the chromium they drive, which must be installed (.ci/run installs Debian's).</summary>
public sealed class UiHostFixture : IAsyncLifetime
{
    public const string AdminKey = "ui-tests-admin-key-0123456789";

    private readonly TempDirectory _dir = new();
    private BatonHost? _host;

    /// <summary>The host's address.</summary>
    public Uri Address => _host?.Addresses[0] ?? throw new InvalidOperationException("The host is not started.");

    /// <summary>The chromium the browser tests drive.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"chromium is not installed at {Chromium}: `apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH.");
        _host = await BatonHost.StartAsync(new BatonHostOptions(new HostSettings())
        {
            Urls = "http://127.0.0.1:0",
            Database = _dir.File("hub.db"),
            Environment = new Dictionary<string, string?> { ["BATON_ADMIN_KEY"] = AdminKey },
            Functions = FunctionRegistry.WithBuiltIns(TimeProvider.System),
        }, default);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _dir.Dispose();
    }
}
