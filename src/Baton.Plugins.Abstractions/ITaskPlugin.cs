using System.Text.Json.Nodes;

namespace Baton.Plugins;

/// <summary>A task runner Baton loads from a plugin folder: catalog bindings with <c>runner: plugin</c> and <c>plugin: &lt;Name&gt;</c>
/// run their attempts through it.</summary>
/// <remarks>Contract, version 1: a plugin class is public, not abstract, and has a public constructor without parameters;
/// Baton makes one instance per host process and calls <see cref="RunAsync"/> concurrently for different attempts. An
/// attempt ends with the output returned, or fails: <see cref="PluginFailureException"/> says whether a retry may help; any
/// other exception fails the attempt as retryable (<c>PluginFailed</c>). The token is cancelled when the step's timeout
/// passes (a plugin binding times out after 5 minutes unless the catalog or step says otherwise); a plugin that ignores it
/// still ends its attempt then, as <c>TimedOut</c>, while its own work is abandoned. The same attempt may be delivered
/// again after a crash, with the same <see cref="PluginRequest.IdempotencyKey"/>.</remarks>
public interface ITaskPlugin
{
    /// <summary>The plugin's name, as catalogs write it (<c>plugin: word-count</c>): lowercase letters, digits and '-', starting with a letter.</summary>
    string Name { get; }

    /// <summary>The plugin's own version, shown by <c>/api/tasks</c>.</summary>
    string Version { get; }

    /// <summary>What the plugin does, in one sentence, shown by <c>/api/tasks</c> and the designer.</summary>
    string Description { get; }

    /// <summary>A JSON Schema (draft 2020-12) for a binding's <c>settings</c>, or null when the plugin takes none; Baton checks
    /// each attempt's settings against it before calling <see cref="RunAsync"/>.</summary>
    JsonObject? SettingsSchema { get; }

    /// <summary>Runs one attempt and returns its output (JSON, or null).</summary>
    Task<JsonNode?> RunAsync(PluginRequest request, CancellationToken cancellationToken);
}
