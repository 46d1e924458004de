using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Baton.Core.Definitions;

/// <summary>Checks that a JSON Schema inside a definition or a catalog is itself a valid schema (draft 2020-12).</summary>
public static class SchemaCheck
{
    /// <summary>Reports a schema that is not valid JSON Schema at <paramref name="path"/>; nothing when either is null.</summary>
    public static void Validate(JsonNode? schema, string? path, DiagnosticSink sink)
    {
        if (schema is null || path is null)
        {
            return;
        }
        if (schema is not JsonObject and not JsonValue)
        {
            sink.Add("BTN040", path, "A JSON Schema must be a mapping or a boolean.", "Write the schema as 'type: object' with 'properties'.");
            return;
        }
        using var doc = JsonDocument.Parse(schema.ToJsonString());
        var result = MetaSchemas.Draft202012.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var byLocation = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .GroupBy(d => d.InstanceLocation.ToString(), StringComparer.Ordinal);
            foreach (var group in byLocation.Take(5))
            {
                var where = group.Key.Trim('/').Replace('/', '.');
                var at = where.Length == 0 ? path : $"{path}.{where}";
                var reasons = group.SelectMany(d => d.Errors!.Values).Distinct(StringComparer.Ordinal);
                sink.Add("BTN040", at, $"Invalid JSON Schema: {string.Join("; ", reasons)}",
                    "Follow JSON Schema draft 2020-12 (https://json-schema.org).");
            }
            if (result.Details is not { Count: > 0 } || !result.Details.Any(d => d.Errors is { Count: > 0 }))
            {
                sink.Add("BTN040", path, "Invalid JSON Schema.", "Follow JSON Schema draft 2020-12.");
            }
            return;
        }
        try
        {
            JsonSchemas.Build(schema);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or RefResolutionException)
        {
            sink.Add("BTN040", path, $"Invalid JSON Schema: {ex.Message}", "Fix the schema so it can be compiled.");
        }
    }
}
