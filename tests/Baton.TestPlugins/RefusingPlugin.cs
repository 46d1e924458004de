using System.Text.Json.Nodes;
using Baton.Plugins;

namespace Baton.TestPlugins;

/// <summary>Fails with its own code, for good.</summary>
public sealed class RefusingPlugin : ITaskPlugin
{
    /// <inheritdoc />
    public string Name => "refuse";

    /// <inheritdoc />
    public string Version => "0.1.0";

    /// <inheritdoc />
    public string Description => "Always refuses.";

    /// <inheritdoc />
    public JsonObject? SettingsSchema => null;

    /// <inheritdoc />
    public Task<JsonNode?> RunAsync(PluginRequest request, CancellationToken cancellationToken) =>
        throw new PluginFailureException("NotToday", "the plugin refuses", retryable: false);
}
