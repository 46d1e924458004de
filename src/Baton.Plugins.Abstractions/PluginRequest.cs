using System.Text.Json.Nodes;

namespace Baton.Plugins;

/// <summary>One attempt a plugin is asked to run: which attempt it is, the step's input and the binding's settings.</summary>
/// <param name="InstanceId">The workflow instance.</param>
/// <param name="StepId">The step in it.</param>
/// <param name="Attempt">The attempt's number, from 1.</param>
/// <param name="IdempotencyKey"><c>instance/step/attempt</c>: the same on every delivery of this attempt; do side effects once per key.</param>
/// <param name="Input">The step's resolved input.</param>
/// <param name="Settings">The binding's <c>settings</c> (templates evaluated over the input), checked against the plugin's schema.</param>
public sealed record PluginRequest(string InstanceId, string StepId, int Attempt, string IdempotencyKey, JsonNode? Input, JsonObject Settings);
