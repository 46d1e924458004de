using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

/// <summary>Validation reports every problem, with suggestions that help.</summary>
public class ValidationMessagesTests
{
    private const string Header = "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata:\n  name: t\nspec:\n";

    private static IReadOnlyList<Diagnostic> Problems(string spec) => DefinitionLoader.Load(Header + spec, "wf.yaml").Diagnostics;

    [Fact]
    public void Load_StepWithSeveralBadExpressions_ReportsEachOne()
    {
        var problems = Problems("""
              steps:
                - id: a
                  task: echo
                  input: { x: "${1 +}", y: "${nope(1)}", z: "${input.}" }
            """);

        Assert.Equal(["spec.steps[0].input.x", "spec.steps[0].input.y", "spec.steps[0].input.z"], problems.Select(p => p.Path).Order().ToArray());
        Assert.All(problems, p => Assert.Equal("BTN030", p.Code));
    }

    [Fact]
    public void Load_SelfDependency_StillReportsAReferenceThatIsNotUpstream()
    {
        var problems = Problems("""
              steps:
                - { id: a, task: echo }
                - { id: b, task: echo, depends_on: [b], input: { x: "${steps.a.output}" } }
            """);

        Assert.Contains(problems, p => p.Code == "BTN023" && p.Message.Contains("depends on itself", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == "BTN030" && p.Message.Contains("Step 'a' is not upstream of 'b'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UnknownDependency_NeverSuggestsTheStepItself()
    {
        var d = Assert.Single(Problems("""
              steps:
                - { id: fetch, task: echo }
                - { id: fetch2, task: echo, depends_on: [fetch3] }
            """));

        Assert.Equal("BTN023", d.Code);
        Assert.Equal("Did you mean 'fetch'?", d.Fix);
    }

    [Theory]
    [InlineData("inptu", "input")]
    [InlineData("retyr", "retry")]
    [InlineData("dpeends_on", "depends_on")]
    public void Load_TransposedLetters_GetADidYouMean(string typo, string key)
    {
        var d = Assert.Single(Problems($"  steps:\n    - id: a\n      task: echo\n      {typo}: {{}}\n"));

        Assert.Equal("BTN010", d.Code);
        Assert.Contains($"Did you mean '{key}'?", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherApiVersion_FixNamesNoCommandThatDoesNotExist()
    {
        var result = DefinitionLoader.Load("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: { name: t }\nspec:\n  steps:\n    - { id: a, task: echo }\n", "wf.yaml");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("BTN016", d.Code);
        Assert.DoesNotContain("baton convert", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManyStepsAndAnUnknownDependency_ListsAFewCandidatesNotAll()
    {
        var steps = string.Concat(Enumerable.Range(0, 500).Select(i => $"    - {{ id: step{i}, task: echo }}\n"));
        var problems = Problems($"  steps:\n{steps}    - {{ id: last, task: echo, depends_on: [zzzzzzzzzz] }}\n");

        var d = Assert.Single(problems);
        Assert.Contains($"(and {501 - 1 - Suggest.ListedCandidates} more)", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnquotedExpressionInAFlowMapping_FixSaysToQuoteIt()
    {
        var d = Assert.Single(Problems("  steps:\n    - id: a\n      task: echo\n      input: { id: ${input.id} }\n"));

        Assert.Equal(("BTN001", 9), (d.Code, d.Location.Line));
        Assert.Contains("must be quoted", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherSyntaxError_FixPointsAtTheBrackets()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: a, task: echo\n"));

        Assert.Equal("BTN001", d.Code);
        Assert.Equal("Check indentation, quotes and brackets near this position.", d.Fix);
    }

    [Fact]
    public void Load_BadEnumValue_ListsTheValuesOnceWithADidYouMean()
    {
        var d = Assert.Single(Problems("  steps:\n    - id: a\n      task: echo\n      retry: { max_attempts: 3, backoff: exponentail }\n"));

        Assert.Equal(("BTN015", "Use one of: fixed, exponential. Did you mean 'exponential'?"), (d.Code, d.Fix));
    }
}
