using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

public sealed class ContinueAsNewValidationTests
{
    private static LoadResult Load(string steps, string compensation = "") => DefinitionLoader.Load(
        "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata:\n  name: test\n  version: '1'\nspec:\n  steps:\n" + steps + compensation, "loop.yaml");

    [Fact]
    public void Load_ContinueAsNewStep_ReadsTheType()
    {
        var result = Load("    - { id: poll, task: t }\n    - { id: again, type: continue_as_new, depends_on: [poll], input: { n: 1 } }\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(StepType.ContinueAsNew, result.Definition!.Steps[1].Type);
    }

    [Fact]
    public void Load_StepDependingOnContinueAsNew_IsRefusedAtTheDependency()
    {
        var result = Load("    - { id: again, type: continue_as_new, input: {} }\n    - { id: after, task: t, depends_on: [again] }\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("BTN029", 9), (d.Code, d.Location.Line));
        Assert.Contains("nothing runs after it", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ContinueAsNewWithRetry_SaysTheKeyBelongsToAnotherType()
    {
        var result = Load("    - { id: again, type: continue_as_new, input: {}, retry: { max_attempts: 3 } }\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("BTN025", d.Code);
        Assert.Contains("'retry'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CompensationThatContinuesAsNew_IsRefused()
    {
        var result = Load("    - { id: a, task: t, on_failure: compensate }\n",
            "  compensation:\n    - { id: undo, type: continue_as_new, undoes: a }\n");

        Assert.Contains(result.Diagnostics, d => d.Code == "BTN029" && d.Message.Contains("cannot continue as new", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MisspelledMultiWordType_SuggestsTheSnakeCaseName()
    {
        var result = Load("    - { id: again, type: continue-as-new, input: {} }\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("BTN015", d.Code);
        Assert.Contains("continue_as_new", d.Fix, StringComparison.Ordinal);
    }
}
