using System.Text.Json.Nodes;
using Baton.Plugins;

namespace Baton.TestPlugins;

/// <summary>Never returns and ignores cancellation: the worst a plugin can do short of ending the process.</summary>
public sealed class StallingPlugin : ITaskPlugin
{
    private static readonly TaskCompletionSource<JsonNode?> Never = new();

    /// <inheritdoc />
    public string Name => "stall";

    /// <inheritdoc />
    public string Version => "0.1.0";

    /// <inheritdoc />
    public string Description => "Never finishes.";

    /// <inheritdoc />
    public JsonObject? SettingsSchema => null;

    /// <inheritdoc />
    public Task<JsonNode?> RunAsync(PluginRequest request, CancellationToken cancellationToken) => Never.Task;
}
