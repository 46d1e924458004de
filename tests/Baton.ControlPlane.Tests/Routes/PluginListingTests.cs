using Baton.Hosts.Testing;
using Baton.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary><c>GET /api/tasks</c> lists the plugins the host loaded from BATON_PLUGINS, with their settings schemas, and why a
/// package or plugin was refused, on both hosts.</summary>
public abstract class PluginListingTests : ApiSuite
{
    protected override ApiServerOptions Options => new() { Environment = new Dictionary<string, string?> { ["BATON_PLUGINS"] = PluginFolders.Path } };

    [Fact]
    public async Task ListTasks_PluginFolder_ListsLoadedPluginsAndRefusals()
    {
        var listed = await Server.JsonAsync(HttpMethod.Get, "/api/tasks", ApiServer.AdminKey, expect: 200);

        var plugins = listed["plugins"]!.AsArray();
        Assert.Equal(["explode", "refuse", "stall", "word-count"], plugins.Select(p => p!["name"]!.GetValue<string>()));
        var wordCount = plugins[3]!;
        Assert.Equal("1.0.0", wordCount["version"]!.GetValue<string>());
        Assert.Equal("integer", wordCount["settings_schema"]!["properties"]!["top"]!["type"]!.GetValue<string>());
        Assert.Contains(listed["pluginProblems"]!.AsArray(), p => p!.GetValue<string>().Contains("cannot start", StringComparison.Ordinal));
    }

    public sealed class OnServe : PluginListingTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    public sealed class OnFunctionApp : PluginListingTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
