using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Core.Definitions;

internal static partial class WiringValidator
{
    private sealed partial class Wiring
    {
        /// <summary>Reports where a step's input cannot fit its task's input schema.</summary>
        public void CheckInput(StepDefinition step, string task, JsonNode schema)
        {
            var path = step.SourcePath + ".input";
            if (step.Input is null)
            {
                if (Required(schema) is { Count: > 0 } required)
                {
                    sink.Add("BTN094", step.SourcePath, $"Step '{step.Id}' gives task '{task}' no input, but its input schema requires {string.Join(", ", required)}.",
                        $"Add 'input:' with {string.Join(", ", required)}.");
                }
                return;
            }
            CheckValue(step.Input, schema, path, "input", step.Id, task);
        }

        private void CheckValue(JsonNode? value, JsonNode? schema, string path, string shown, string stepId, string task)
        {
            if (ContractSchema.IsOpaque(schema))
            {
                return;
            }
            var wanted = ContractSchema.Types(schema);
            var (given, source) = Given(value);
            if (wanted is not null && given is not null && !ContractSchema.Fits(given, wanted))
            {
                sink.Add("BTN094", path, $"Step '{stepId}' passes {ContractSchema.Describe(given)}{source} as {shown}, where task '{task}' wants {ContractSchema.Describe(wanted)}.",
                    $"Pass {ContractSchema.Describe(wanted)} as {shown}, as the task's input_schema in the catalog says.");
                return;
            }
            if (value is JsonValue v && (schema as JsonObject)?["enum"] is JsonArray allowed && given is not null && source.Length == 0
                && !allowed.Any(a => JsonNode.DeepEquals(a, v)))
            {
                sink.Add("BTN094", path, $"Step '{stepId}' passes {v.ToJsonString()} as {shown}, which task '{task}' does not take.",
                    $"Use one of: {string.Join(", ", allowed.Select(a => a?.ToJsonString() ?? "null"))}.");
            }
            switch (value)
            {
                case JsonObject obj:
                    var missing = Required(schema!).Where(r => !obj.ContainsKey(r)).ToList();
                    if (missing.Count > 0)
                    {
                        sink.Add("BTN094", path, $"Step '{stepId}' leaves out {string.Join(", ", missing)} from {shown}, which task '{task}' requires.",
                            $"Add {string.Join(", ", missing.Select(m => $"'{m}'"))} under {shown}.");
                    }
                    foreach (var (key, child) in obj)
                    {
                        var field = ContractSchema.Field(schema, key, closed: false);
                        if (field.Problem is { } problem)
                        {
                            sink.AddAtKey("BTN094", $"{path}.{key}", $"Step '{stepId}' passes '{key}' in {shown}, but task '{task}' takes no such field: {problem}.",
                                Suggest.Closest(key, ContractSchema.Properties(schema)) is { } s ? $"Did you mean '{s}'?" : "Remove it, or add it to the task's input_schema in the catalog.");
                            continue;
                        }
                        CheckValue(child, field.Schema, $"{path}.{key}", $"{shown}.{key}", stepId, task);
                    }
                    break;
                case JsonArray list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        CheckValue(list[i], ContractSchema.Item(schema, i).Schema, $"{path}[{i}]", $"{shown}[{i}]", stepId, task);
                    }
                    break;
            }
        }

        /// <summary>The types a written value may have, and where they come from when it is an expression (" (steps.a.output.n)").</summary>
        private (IReadOnlySet<string>? Types, string Source) Given(JsonNode? value)
        {
            if (value is not JsonValue v || !Values.IsString(v))
            {
                return (ContractSchema.Types(ContractSchema.OfType(ContractSchema.TypeOf(value))), "");
            }
            Template template;
            try
            {
                template = Template.Parse(v.GetValue<string>());
            }
            catch (ExpressionException)
            {
                return (null, ""); // reported by the expression check
            }
            if (template.Whole is { } whole)
            {
                var inferred = ContractSchema.Types(Infer(whole));
                return (inferred, $" ('${{{template.Expressions.First().Text}}}')");
            }
            return (ContractSchema.Types(ContractSchema.OfType("string")), template.HasExpressions ? " (text with expressions)" : "");
        }

        private static IReadOnlyList<string> Required(JsonNode schema) =>
            ContractSchema.IsOpaque(schema) || schema["required"] is not JsonArray required ? []
                : [.. required.Select(r => r is JsonValue rv && Values.IsString(rv) ? rv.GetValue<string>() : null).OfType<string>()];
    }
}
