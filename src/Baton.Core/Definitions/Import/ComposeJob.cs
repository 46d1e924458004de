using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>One model-compose job as native steps: its own step, the steps around it (interrupts, hooks, an on_error fallback),
/// what it depends on and, for a routing job, where it routes.</summary>
internal sealed class ComposeJob(string id, string path, JsonObject source)
{
    public string Id { get; } = id;

    public string Path { get; } = path;

    public JsonObject Source { get; } = source;

    /// <summary>The job's own step (a task, workflow, for_each, wait or switch step).</summary>
    public JsonObject Step { get; set; } = new() { ["id"] = id };

    /// <summary>Steps that run before the job's own step, in order (its input evaluated, a before-interrupt, a before-hook).</summary>
    public List<JsonObject> Before { get; } = [];

    /// <summary>Steps that run after it, in order (an after-interrupt, an after-hook), and an on_error fallback.</summary>
    public List<JsonObject> After { get; } = [];

    /// <summary>The job ids its <c>depends_on</c> names as written (a group's members too), whatever else it waits for.</summary>
    public IReadOnlyList<string> Declared { get; } = [.. Ids(source["depends_on"])];

    /// <summary>The jobs it waits for: its <c>depends_on</c> and every job its values read.</summary>
    public List<string> DependsOn { get; } = [];

    /// <summary>For a routing job (<c>if</c>, <c>switch</c>, <c>random-router</c>): each case's condition and target, and the fallback.</summary>
    public List<(string When, string Target)> Routes { get; } = [];

    public string? Otherwise { get; set; }

    public bool IsRouter { get; set; }

    /// <summary>The steps a reader of this job's output waits for: the last step of its chain, and its fallback when it has one.</summary>
    public List<string> Finals { get; } = [];

    /// <summary>The expression a reader of this job's output reads, when it is not <c>steps.&lt;id&gt;.output</c>.</summary>
    public string? OutputExpression { get; set; }

    /// <summary>The first step of the job's chain: what its own dependencies and routing apply to.</summary>
    public JsonObject Entry => Before.Count > 0 ? Before[0] : Step;

    /// <summary>Every step of the job, in order.</summary>
    public IEnumerable<JsonObject> Steps => [.. Before, Step, .. After];

    /// <summary>A step id of this job's chain: <c>&lt;job&gt;-&lt;suffix&gt;</c>.</summary>
    public string Sub(string suffix) => $"{Id}-{suffix}";

    /// <summary>A step reference in an expression, bracketed when the id is not a plain name.</summary>
    public static string Ref(string stepId) =>
        stepId.Length > 0 && (char.IsAsciiLetter(stepId[0]) || stepId[0] == '_') && stepId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? "steps." + stepId : ImportText.Member("steps", stepId);

    private static IEnumerable<string> Ids(JsonNode? node) => node switch
    {
        JsonArray list => list.SelectMany(Ids),
        JsonValue v when v.TryGetValue<string>(out var id) => [id],
        _ => [],
    };
}
