using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Baton.Core.Definitions;

/// <summary>Validates a value against a JSON Schema from a definition and reports readable errors.</summary>
/// <remarks>Each schema is built with its own registry under a content-derived id, so building the same schema
/// twice never clashes and nothing global changes.</remarks>
public static class JsonSchemas
{
    /// <summary>Compiles a schema.</summary>
    public static JsonSchema Build(JsonNode schema)
    {
        var text = schema.ToJsonString();
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        var element = JsonSerializer.SerializeToElement(schema);
        return JsonSchema.Build(element, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"urn:baton:schema:{id}"));
    }

    /// <summary>Returns one line per problem with the value (JSON pointer and reason); empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(JsonNode schema, JsonNode? value) => Validate(Build(schema), value);

    /// <summary>Validates against an already compiled schema; one line per problem, empty when valid.</summary>
    public static IReadOnlyList<string> Validate(JsonSchema compiled, JsonNode? value)
    {
        using var doc = JsonDocument.Parse(value?.ToJsonString() ?? "null");
        var result = compiled.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return [];
        }
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is "" ? "/" : d.InstanceLocation.ToString())}: {e.Value}"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : ["/: the value does not match the schema"];
    }
}
