using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions.Import;

/// <summary>model-compose as its reference writes it: several workflows, values read as model-compose meant them, loops it
/// cannot map, and the default output of branches.</summary>
public sealed class ComposeLanguageTests
{
    private static LoadResult Load(string yaml) => DefinitionLoader.Load(yaml, "compose.yaml", new DefinitionOptions(null));

    [Fact]
    public void Load_SeveralWorkflows_LoadsTheDefaultOrTheOneAskedFor()
    {
        const string Yaml = """
            workflows:
              - { id: a, jobs: [ { id: x, component: c } ] }
              - { id: b, default: true, jobs: [ { id: y, component: c } ] }
            """;

        var byDefault = Load(Yaml);
        var asked = DefinitionLoader.Load(Yaml, "compose.yaml", new DefinitionOptions() { Workflow = "a" });
        var unknown = DefinitionLoader.Load(Yaml, "compose.yaml", new DefinitionOptions() { Workflow = "z" });

        Assert.Equal(("b", "y"), (byDefault.Definition!.Metadata.Name, byDefault.Definition.Steps.Single().Id));
        Assert.Equal(["a", "b"], byDefault.Workflows);
        Assert.Equal(("a", "x"), (asked.Definition!.Metadata.Name, asked.Definition.Steps.Single().Id));
        var d = Assert.Single(unknown.Diagnostics);
        Assert.Equal("BTN075", d.Code);
        Assert.Contains("a, b", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DollarBeforeAValueAndTheTaskId_AreReadAsModelComposeMeantThem()
    {
        var result = Load("""
            workflow:
              job:
                component: svc
                input: { price: "$${input.price}", run: "${context.task_id}", plain: "cost: ${input.price as number | 0}" }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var input = result.Definition!.Steps.Single().Input!;
        Assert.Equal("${'$'}${input.price}", input["price"]!.GetValue<string>());
        Assert.Equal("${workflow.id}", input["run"]!.GetValue<string>());
        Assert.Equal("cost: ${number(coalesce(input.price, '0'))}", input["plain"]!.GetValue<string>());
    }

    [Fact]
    public void Load_LoopOverAJobWithAnOutputMapping_IsRefusedWithTheReason()
    {
        var result = Load("""
            workflow:
              jobs:
                - { id: check, component: svc, output: { state: "${output.status}" } }
                - id: decide
                  type: if
                  input: ${jobs.check.output.state}
                  conditions: [ { operator: eq, value: done, if_true: finish } ]
                  otherwise: check
                - { id: finish, component: svc }
            """);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("BTN077", d.Code);
        Assert.Contains("its output mapping", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TerminalBranches_OutputTheOneThatRanAsItIs()
    {
        var result = Load("""
            workflow:
              jobs:
                - { id: pick, type: switch, input: "${input.kind}", cases: [ { value: a, then: a } ], otherwise: b }
                - { id: a, component: svc }
                - { id: b, component: svc }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("${flatten([steps.a.output, steps.b.output])}", result.Definition!.Output!.GetValue<string>());
    }
}
