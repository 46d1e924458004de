using System.Text.Json.Nodes;
using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

/// <summary>Steps a result adds at run time, refused with reasons that name them by their place in 'next'.</summary>
public sealed class DynamicStepsTests
{
    private static readonly WorkflowDefinition Running = DefinitionLoader.Load("""
        apiVersion: baton.dev/v1
        kind: Workflow
        metadata: { name: dyn }
        spec:
          steps:
            - { id: plan, task: echo }
        """, "dyn.yaml").GetOrThrow();

    [Fact]
    public void Read_DuplicateIds_NameTheClashWithoutALineOfAFileThatDoesNotExist()
    {
        var (_, extended, problems) = DynamicSteps.Read(Running, "plan", JsonNode.Parse("""
            [ { "id": "plan", "task": "echo", "depends_on": [] }, { "id": "extra", "task": "echo" }, { "id": "extra", "task": "echo" } ]
            """)!.AsArray());

        Assert.Null(extended);
        Assert.Contains(problems, p => p.StartsWith("BTN020 at 'next[0].id': The step id 'plan' is already used by a step of the running workflow.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BTN020 at 'next[2].id': The step id 'extra' is already used by the step at 'next[1]'.", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("line", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NewSteps_ExtendTheRunningDefinition()
    {
        var (specs, extended, problems) = DynamicSteps.Read(Running, "plan", JsonNode.Parse("""[ { "id": "more", "task": "echo" } ]""")!.AsArray());

        Assert.Empty(problems);
        Assert.Equal(["plan", "more"], extended!.Steps.Select(s => s.Id));
        Assert.Equal("""["plan"]""", specs![0]!["depends_on"]!.ToJsonString());
    }
}
