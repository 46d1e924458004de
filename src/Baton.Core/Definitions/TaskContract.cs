using System.Text.Json.Nodes;

namespace Baton.Core.Definitions;

/// <summary>What the catalog promises about a task: the JSON Schemas of the input it takes and the output it returns.</summary>
/// <remarks>Validation checks a workflow's wiring against them (see docs/catalog.md, "Contracts"); a null schema claims
/// nothing. An output schema is read as closed: a field its <c>properties</c> do not list cannot be relied on unless it
/// says <c>additionalProperties</c> or <c>patternProperties</c>.</remarks>
public sealed record TaskContract(JsonNode? InputSchema, JsonNode? OutputSchema);
