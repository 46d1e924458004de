using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

public class DefinitionLoaderTests
{
    private const string Header = "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata:\n  name: t\nspec:\n";

    private static IReadOnlyList<Diagnostic> Problems(string spec, DefinitionOptions? options = null) =>
        DefinitionLoader.Load(Header + spec, "wf.yaml", options).Diagnostics;

    [Fact]
    public void Load_ValidDefinition_ReturnsTypedModel()
    {
        var result = DefinitionLoader.Load(Header + """
              config:
                timeout: 30m
                retry: { max_attempts: 4, backoff: fixed, initial_delay: 2s }
              steps:
                - id: a
                  task: echo
                  input: { x: "${input.x}" }
                - id: b-2
                  task: echo
                  depends_on: [a]
                  condition: steps.a.output.x > 1
                  timeout: 5s
                  on_failure: continue
            """, "wf.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var def = result.Definition!;
        Assert.Equal(TimeSpan.FromMinutes(30), def.Config.Timeout);
        Assert.Equal(4, def.Config.Retry!.MaxAttempts);
        Assert.Equal(Backoff.Fixed, def.Config.Retry.Backoff);
        Assert.Equal(["a"], def.Steps[1].DependsOn.ToArray());
        Assert.Equal(OnFailure.Continue, def.Steps[1].OnFailure);
        Assert.Equal(TimeSpan.FromSeconds(5), def.Steps[1].Timeout);
    }

    [Fact]
    public void Load_UnknownKey_ReportsPositionAndSuggestion()
    {
        var d = Assert.Single(Problems("  steps:\n    - id: a\n      task: echo\n      dependson: [b]\n"));
        Assert.Equal("BTN010", d.Code);
        Assert.Equal(new SourceLocation("wf.yaml", 9, 7), d.Location);
        Assert.Equal("spec.steps[0].dependson", d.Path);
        Assert.Contains("Did you mean 'depends_on'?", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManyProblems_ReportsAllAtOnceInSourceOrder()
    {
        var problems = Problems("""
              steps:
                - id: a
                  task: echo
                  depends_on: [missing]
                  timeout: soon
                - id: a
                  task: echo
                - task: echo
            """);

        Assert.Equal(["BTN023", "BTN014", "BTN020", "BTN011"], problems.Select(p => p.Code));
        Assert.True(problems.Select(p => p.Location.Line).SequenceEqual(problems.Select(p => p.Location.Line).Order()));
    }

    [Fact]
    public void Load_Cycle_PrintsTheCycle()
    {
        var d = Assert.Single(Problems("""
              steps:
                - { id: a, task: echo, depends_on: [c] }
                - { id: b, task: echo, depends_on: [a] }
                - { id: c, task: echo, depends_on: [b] }
            """));
        Assert.Equal("BTN024", d.Code);
        Assert.Contains("a -> c -> b -> a", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReferenceToStepNotUpstream_SaysWhichDependsOnToAdd()
    {
        var d = Assert.Single(Problems("""
              steps:
                - { id: a, task: echo }
                - { id: b, task: echo, input: { v: "${steps.a.output}" } }
            """));
        Assert.Equal("BTN030", d.Code);
        Assert.Equal("spec.steps[1].input.v", d.Path);
        Assert.Contains("not upstream", d.Message, StringComparison.Ordinal);
        Assert.Contains("Add 'a' to the depends_on of 'b'", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TransitiveUpstreamReference_IsAccepted() =>
        Assert.Empty(Problems("""
              steps:
                - { id: a, task: echo }
                - { id: b, task: echo, depends_on: [a] }
                - { id: c, task: echo, depends_on: [b], input: { v: "${steps.a.output}" } }
            """));

    [Fact]
    public void Load_BadExpression_NamesExpressionAndColumn()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: a, task: echo, input: { v: \"${input.x +* 2}\" } }\n"));
        Assert.Equal("BTN030", d.Code);
        Assert.Contains("'${input.x +* 2}' at column 10", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownTask_WithCatalog_SuggestsClosest()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: a, task: resize-imag }\n",
            new DefinitionOptions(KnownTasks: new HashSet<string> { "resize-image", "detect" })));
        Assert.Equal("BTN022", d.Code);
        Assert.Contains("Did you mean 'resize-image'?", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnvNotAllowListed_IsRejected()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: a, task: echo, input: { v: \"${env.SECRET}\" } }\n",
            new DefinitionOptions(AllowedEnv: new HashSet<string> { "REGION" })));
        Assert.Contains("not allow-listed", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("BATON_ADMIN_KEY")]
    public void Load_EnvOfTheHostsOwnSettings_IsRejectedEvenWhenAllowListed(string name)
    {
        var d = Assert.Single(Problems($"  steps:\n    - {{ id: a, task: echo, input: {{ v: \"${{env.{name}}}\" }} }}\n",
            new DefinitionOptions(AllowedEnv: new HashSet<string> { name })));
        Assert.Contains("one of the host's own settings", d.Message, StringComparison.Ordinal);
        Assert.Single(Problems($"  steps:\n    - {{ id: a, task: echo, input: {{ v: \"${{env.{name}}}\" }} }}\n"));
    }

    [Fact]
    public void Load_InvalidInputSchema_IsReported()
    {
        var d = Assert.Single(Problems("  input:\n    schema: { type: objekt }\n  steps:\n    - { id: a, task: echo }\n"));
        Assert.Equal("BTN040", d.Code);
        Assert.Equal(7, d.Location.Line);
    }

    [Fact]
    public void Load_MalformedYaml_ReportsSyntaxPosition()
    {
        var d = Assert.Single(DefinitionLoader.Load("apiVersion: baton.dev/v1\nkind: [Workflow\n", "x.yaml").Diagnostics);
        Assert.Equal("BTN001", d.Code);
        Assert.Equal("x.yaml", d.Location.File);
        Assert.True(d.Location.Line >= 2);
    }

    [Fact]
    public void Load_Json_GivesPositionsLikeYaml()
    {
        var json = "{\n  \"apiVersion\": \"baton.dev/v1\",\n  \"kind\": \"Workflow\",\n  \"metadata\": {\"name\": \"j\"},\n  \"spec\": {\"steps\": [{\"id\": \"a\", \"task\": \"echo\", \"retries\": 3}]}\n}";
        var d = Assert.Single(DefinitionLoader.Load(json, "wf.json").Diagnostics);
        Assert.Equal("BTN010", d.Code);
        Assert.Equal(5, d.Location.Line);
    }

    [Fact]
    public void Load_DuplicateKey_IsReportedNotOverwritten()
    {
        var d = Assert.Single(DefinitionLoader.Load(Header + "  steps: []\n  steps: []\n", "wf.yaml").Diagnostics);
        Assert.Equal("BTN004", d.Code);
    }

    [Fact]
    public void Load_WrongType_SaysExpectedAndActual()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: a, task: echo, depends_on: { x: 1 } }\n"));
        Assert.Equal("BTN012", d.Code);
        Assert.Contains("must be a list of strings, not a mapping", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WaitStepWithoutDuration_SaysWhatToAdd()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: w, type: wait }\n"));
        Assert.Equal("BTN011", d.Code);
        Assert.Contains("duration", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProcessCommandAsShellString_IsNotAWorkflowConcern_ButStepTaskIsRequired()
    {
        var d = Assert.Single(Problems("  steps:\n    - { id: a, input: {} }\n"));
        Assert.Equal("BTN021", d.Code);
    }
}
