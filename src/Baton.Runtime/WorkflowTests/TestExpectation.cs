using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Baton.Runtime.WorkflowTests;

/// <summary>What the case checks; every part is optional.</summary>
/// <param name="Status">completed, failed or terminated.</param>
/// <param name="Output">The workflow's output, exactly.</param>
/// <param name="HasOutput">True when the file gives <c>output</c> (so an expected null output is told from none).</param>
/// <param name="OutputIncludes">Keys the output must hold with these values (objects compared the same way, recursively).</param>
/// <param name="ErrorCode">The workflow error's code.</param>
/// <param name="ErrorContains">Text the workflow error's message contains.</param>
/// <param name="Steps">Per step: its status, and optionally its output, input (each compared as <paramref name="OutputIncludes"/>) and attempts.</param>
/// <param name="Path">The steps that ran (succeeded or failed), in the order they started; compensating steps excluded.</param>
/// <param name="Compensated">The compensating steps that ran, in order.</param>
public sealed record TestExpectation(
    string? Status,
    JsonNode? Output,
    bool HasOutput,
    JsonNode? OutputIncludes,
    string? ErrorCode,
    string? ErrorContains,
    ImmutableDictionary<string, StepExpectation> Steps,
    ImmutableArray<string>? Path,
    ImmutableArray<string>? Compensated);
