using System.Text.Json.Nodes;
using Baton.Plugins;

namespace Baton.TestPlugins;

/// <summary>Throws an exception Baton knows nothing of.</summary>
public sealed class ExplodingPlugin : ITaskPlugin
{
    /// <inheritdoc />
    public string Name => "explode";

    /// <inheritdoc />
    public string Version => "0.1.0";

    /// <inheritdoc />
    public string Description => "Always throws.";

    /// <inheritdoc />
    public JsonObject? SettingsSchema => null;

    /// <inheritdoc />
    public Task<JsonNode?> RunAsync(PluginRequest request, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
}
