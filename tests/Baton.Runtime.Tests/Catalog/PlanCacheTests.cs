using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Testing;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Tests.Catalog;

public class PlanCacheTests
{
    private static readonly StoredDefinition Typed = TestDefinitions.Workflow("typed", """
          input:
            schema: { type: object, properties: { n: { type: integer } }, required: [n] }
          steps:
            - { id: a, task: echo }
        """);

    private static PlanCache Cache() => new((_, _) => Task.FromResult<StoredDefinition?>(null));

    [Fact]
    public void CheckStart_RequestCarryingItsPlan_UsesItWithoutParsingTheTextAgain()
    {
        var plan = WorkflowPlan.Compile(DefinitionLoader.Load(Typed.Content, Typed.FileName).GetOrThrow());
        // The text is replaced by something that does not parse: only the carried plan can make this start pass.
        var unparsable = Typed with { Content = "{{{ not yaml" };

        var used = Cache().CheckStart(new StartRequest(unparsable, null, new JsonObject { ["n"] = 1 }) { Plan = plan }, ["echo"]);

        Assert.Same(plan, used);
    }

    [Fact]
    public void CheckStart_RequestCarryingItsPlan_StillChecksTheInput()
    {
        var plan = WorkflowPlan.Compile(DefinitionLoader.Load(Typed.Content, Typed.FileName).GetOrThrow());

        var ex = Assert.Throws<InvalidInputException>(() => Cache().CheckStart(new StartRequest(Typed, null, new JsonObject { ["n"] = "one" }) { Plan = plan }, ["echo"]));

        Assert.Contains(ex.Errors, e => e.StartsWith("/n", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckStart_WithoutAPlan_ParsesAndRefusesATaskNothingBinds() =>
        Assert.Throws<DefinitionException>(() => Cache().CheckStart(new StartRequest(Typed, null, new JsonObject { ["n"] = 1 }), ["other"]));
}
