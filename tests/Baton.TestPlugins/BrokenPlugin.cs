using System.Text.Json.Nodes;
using Baton.Plugins;

namespace Baton.TestPlugins;

/// <summary>Cannot be made: its constructor throws, so the host refuses it and loads the others.</summary>
public sealed class BrokenPlugin : ITaskPlugin
{
    /// <summary>Throws.</summary>
    public BrokenPlugin() => throw new InvalidOperationException("the broken plugin cannot start");

    /// <inheritdoc />
    public string Name => "broken";

    /// <inheritdoc />
    public string Version => "0.1.0";

    /// <inheritdoc />
    public string Description => "Never made.";

    /// <inheritdoc />
    public JsonObject? SettingsSchema => null;

    /// <inheritdoc />
    public Task<JsonNode?> RunAsync(PluginRequest request, CancellationToken cancellationToken) => Task.FromResult<JsonNode?>(null);
}
