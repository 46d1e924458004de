using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Expressions;
using Baton.Plugins;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Runners;

/// <summary>Runs <c>runner: plugin</c> bindings through the plugins the host loaded (<see cref="Plugins.PluginHost"/>).</summary>
/// <remarks>A plugin runs on a thread-pool thread of its own call, so one that blocks does not hold the caller; the attempt
/// ends when the plugin returns or throws, or when the token is cancelled (the timeout), whichever comes first. Whatever a
/// plugin throws fails its attempt: <see cref="PluginFailureException"/> with its code and retry choice, anything else as a
/// retryable <c>PluginFailed</c>.</remarks>
public sealed class PluginRunner(Plugins.PluginHost host) : ITaskRunner
{
    private readonly ConcurrentDictionary<string, Json.Schema.JsonSchema?> _schemas = new(StringComparer.Ordinal);

    /// <summary>The plugins this runner calls.</summary>
    public Plugins.PluginHost Host => host;

    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is PluginBinding;

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (PluginBinding)binding;
        if (!host.Plugins.TryGetValue(b.Plugin, out var plugin))
        {
            return TaskResult.Fail("NoSuchPlugin", $"'{b.Name}' runs the plugin '{b.Plugin}', which this host has not loaded" +
                (host.Plugins.Count == 0 ? $" (it loads none: set {Plugins.PluginHost.FolderSetting} to the plugin folder)." : $"; it has: {string.Join(", ", host.Plugins.Keys.Order(StringComparer.Ordinal))}."),
                retryable: false);
        }
        JsonObject settings;
        try
        {
            settings = b.Settings?.Evaluate(context.TemplateContext()) as JsonObject ?? [];
        }
        catch (ExpressionException ex)
        {
            return TaskResult.Fail("ExpressionError", ex.Message, retryable: false);
        }
        Json.Schema.JsonSchema? schema;
        try
        {
            schema = Schema(plugin);
        }
#pragma warning disable CA1031 // A plugin whose schema cannot be read fails its attempts, never the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return TaskResult.Fail("PluginFailed", $"The settings schema of the plugin '{plugin.Name}' cannot be read: {ex.Message}", retryable: false);
        }
        if (schema is not null && Core.Definitions.JsonSchemas.Validate(schema, settings) is { Count: > 0 } broken)
        {
            return TaskResult.Fail("InvalidSettings", $"The settings of '{b.Name}' do not fit the plugin '{plugin.Name}': {string.Join("; ", broken.Take(5))}.", retryable: false);
        }
        // As JSON read from text, so a plugin reads a number as any numeric type, whatever built the value.
        var request = new PluginRequest(context.InstanceId, context.StepId, context.Attempt, context.IdempotencyKey, AsRead(context.Input), (JsonObject)AsRead(settings)!);
        try
        {
            var output = await Task.Run(() => plugin.RunAsync(request, cancellationToken), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            return TaskResult.Ok(output);
        }
        catch (PluginFailureException ex)
        {
            return TaskResult.Fail(ex.Code, $"The plugin '{plugin.Name}' failed: {ex.Message}", ex.Retryable);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever a plugin throws fails its attempt, never the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return TaskResult.Fail("PluginFailed", $"The plugin '{plugin.Name}' threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static JsonNode? AsRead(JsonNode? value) => value is null ? null : JsonNode.Parse(value.ToJsonString());

    private Json.Schema.JsonSchema? Schema(ITaskPlugin plugin) =>
        _schemas.GetOrAdd(plugin.Name, _ => plugin.SettingsSchema is { } s ? Core.Definitions.JsonSchemas.Build(s.DeepClone()) : null);
}
