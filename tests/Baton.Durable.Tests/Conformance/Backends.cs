using System.Text.Json.Nodes;
using Baton.Runtime.Runners;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Conformance;

/// <summary>What every backend under the conformance suite is given: the same functions, definitions and catalogs.</summary>
internal static class Backends
{
    /// <summary>The gates <c>gated</c> lets through; scenarios open their own (a fresh id each) to change an outcome between runs.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> OpenGates = new(StringComparer.Ordinal);

    /// <summary>How many times <c>tally</c> ran, by <c>{instance}/{step}</c>.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Tallies = new(StringComparer.Ordinal);

    /// <summary>How long a scenario may take before the test gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>The built-in functions plus <c>add</c> (n + 1), <c>flaky</c> (fails until attempt <c>succeed_on</c>) and
    /// <c>big</c> (a text of <c>chars</c> characters, and its length beside it), <c>measure</c> (the length of its
    /// input <c>text</c>), <c>tally</c> (its input, counting its runs in <see cref="Tallies"/>) and <c>gated</c> (fails until its input <c>gate</c> is in <see cref="OpenGates"/>).</summary>
    public static FunctionRegistry Functions() => FunctionRegistry.WithBuiltIns(TimeProvider.System)
        .Register("big", ctx => new JsonObject
        {
            ["text"] = new string('x', ctx.Input!["chars"]!.GetValue<int>()),
            ["chars"] = ctx.Input["chars"]!.GetValue<int>(),
        })
        .Register("gated", ctx => OpenGates.ContainsKey(ctx.Input!["gate"]!.GetValue<string>())
            ? new JsonObject { ["passed"] = true }
            : throw new InvalidOperationException("the gate is closed"))
        .Register("measure", ctx => new JsonObject { ["length"] = ctx.Input!["text"]!.GetValue<string>().Length })
        .Register("tally", ctx =>
        {
            Tallies.AddOrUpdate($"{ctx.InstanceId}/{ctx.StepId}", 1, (_, n) => n + 1);
            return ctx.Input?.DeepClone();
        })
        .Register("add", ctx => new JsonObject { ["n"] = ctx.Input!["n"]!.GetValue<long>() + 1 })
        .Register("planner", _ => new JsonObject
        {
            ["next"] = JsonNode.Parse("""
                [{ "id": "grow-a", "task": "add", "input": { "n": 1 } },
                 { "id": "grow-b", "task": "add", "input": { "n": "${steps.grow-a.output.n}" }, "depends_on": ["grow-a"] }]
                """),
        })
        .Register("flaky", ctx => ctx.Attempt >= ctx.Input!["succeed_on"]!.GetValue<int>()
            ? new JsonObject { ["attempt"] = ctx.Attempt }
            : throw new InvalidOperationException($"attempt {ctx.Attempt} fails"));

    /// <summary>An inline workflow named <paramref name="name"/> with the given <c>spec</c> body.</summary>
    public static StoredDefinition Workflow(string name, string spec) => TestDefinitions.Workflow(name, spec);

    /// <summary>An inline catalog.</summary>
    public static StoredDefinition Catalog(string tasks) => TestDefinitions.Catalog(tasks);

    /// <summary>An example's workflow and catalog, as the CLI reads them (the catalog's folder is its base directory).</summary>
    public static (StoredDefinition Workflow, StoredDefinition Catalog) Example(string name)
    {
        var dir = Path.Combine(RepoPaths.Root, "examples", name);
        var workflow = File.ReadAllText(Path.Combine(dir, "workflow.yaml"));
        var catalog = File.ReadAllText(Path.Combine(dir, "catalog.yaml"));
        return (new StoredDefinition(ContentHash.Of(workflow), "workflow", name, "1", Path.Combine(dir, "workflow.yaml"), workflow),
                new StoredDefinition(ContentHash.Of(catalog), "catalog", name, "1", Path.Combine(dir, "catalog.yaml"), catalog));
    }
}
